/*
 * mrzcorrect — choose an MRZ's characters from what the OCR engine saw.
 *
 * The engine gives, per character cell, its best reading and the other
 * characters it considered, each with a probability.  mrz_correct applies
 * ICAO's per-position character classes (digits in dates and check digits,
 * letters in codes and names) and then lets the check digits choose among
 * the engine's own alternatives where a check fails.  It never writes a
 * character the engine did not list, never changes a character the engine
 * was sure of, and gives up (leaving the MRZ invalid) rather than force a
 * check: an MRZ altered after issue stays invalid.
 *
 * Internal to ocr/ (used by mrzread.c and its tests).  Plain values only.
 */
#ifndef VARTA_MRZCORRECT_H
#define VARTA_MRZCORRECT_H

#include "mrzread.h"

#define MRZ_MAX_ALTS 4          /* characters kept per cell, best first */
#define MRZ_LATTICE_MAX 64      /* cells kept per line as read */

/* One character cell as read: ch[0] is the engine's choice. */
typedef struct mrz_cell {
    int n;                      /* 1..MRZ_MAX_ALTS */
    char ch[MRZ_MAX_ALTS];
    float p[MRZ_MAX_ALTS];      /* 0..1 */
    bool contested;             /* two readings were each sure of a
                                   different character here, or the
                                   character rests on one check digit
                                   alone (MRZ_TIE_RATIO) */
    bool stroke;                /* ch[0] rests on the strokes that tell it
                                   from the runner-up (mrzglyph) */
    bool disputed;              /* two readings each chose a different
                                   character here (MRZ_DISPUTE_P) */
} mrz_cell;

/* What the engine read for one MRZ: up to 3 lines of cells. */
typedef struct mrz_lattice {
    int nlines;
    int len[MRZ_MAX_LINES];
    mrz_cell cell[MRZ_MAX_LINES][MRZ_LATTICE_MAX];
} mrz_lattice;

/* Below this probability an alternative is not a character the engine
 * seriously considered, and is never used. */
#define MRZ_ALT_MIN_P 0.02f
/* A check digit changes the engine's choice only to an alternative the
 * engine found at least this many times as likely as its choice: an MRZ
 * altered after issue (a date changed, its check digits left) is read with
 * the altered digit sure and the original one listed far behind (at 0.03
 * to 0.18 of it on dev photos), and restoring that digit would satisfy both
 * the field's check and the composite.  Genuine misreadings fixed on dev
 * photos listed the right digit at 0.47 to 0.95 of the engine's choice. */
#define MRZ_CHECK_ALT_RATIO 0.25f
/* A change only one check digit can confirm (a document number
 * character: the composite moves alike) is made only where the engines
 * were torn, the alternative at least this many times as likely as the
 * choice (or the cell contested); the reading then goes to review. */
#define MRZ_TIE_RATIO 0.6f
/* At or above this probability the engine's choice is never changed by a
 * check digit (only by a character class, which the engine's choice fails). */
#define MRZ_SURE_P 0.985f

/* Two readings that each give their character at least this probability,
 * and differ, contest the cell (mrz_cell.contested). */
#define MRZ_CONTEST_P 0.9f
/* The same for the name line, which no check digit covers: there two
 * readings fairly sure of different letters (I and J under a speck) are
 * doubt enough, since nothing else can catch the wrong one. */
#define MRZ_CONTEST_NAME_P 0.75f
/* Two readings that each give their character at least this probability,
 * and differ, dispute the cell (mrz_cell.disputed): each reader preferred
 * its own.  Where the cell lists an alternative of MRZ_RIVAL_P or more
 * that its position allows and no check digit rules out, the cell's
 * character is right at most MRZ_CONTESTED_P likely.  A passing check digit
 * rules out an alternative unless it would leave every passing check
 * right, alone or with such an alternative of another cell: a 0 the glyph
 * reader gave at 0.66 and the model read O at 0.92, twice in one document
 * number, at places whose weights (3 and 7) make the two changes cancel,
 * on a dev page of print wider than its pitch; an O against 0 in a visa's
 * optional data, which no check digit covers. */
#define MRZ_DISPUTE_P 0.65f
/* The least probability of a rival character in a disputed cell (a
 * reader's choice at MRZ_DISPUTE_P keeps about half of it when fused). */
#define MRZ_RIVAL_P 0.2f
/* A rival character a cell lists at this probability or more (from one
 * reader, or both fused), where its position allows it and no passing
 * check digit rules it out (as for a disputed cell), leaves the cell's
 * character right at most MRZ_CONTESTED_P likely, however sure the
 * readers were of it.  Dev pages read valid and wrong at 0.52-0.72 with
 * the right character listed this way: G read Q and E read L in names, 0
 * read O and B read 8 in visas' optional data, a visa number's 0 read U
 * (30 apart, which no check digit sees). */
#define MRZ_STRONG_RIVAL_P 0.4f
/* A contested cell's character is right at most this likely, whatever the
 * check digits say: when a field was altered after issue, the reading that
 * satisfies its check digit is the one that is wrong.  Below the shipped
 * policy's min_confidence (0.5), so such a reading goes to review. */
#define MRZ_CONTESTED_P 0.4f
/* A reading whose issuing state or nationality is no known code (ICAO
 * 9303 and ISO 3166, validators/mrz_countries.c), or whose document code
 * does not start with a letter, is right at most this likely: no check
 * digit covers those codes, and a misread letter in one (E read F in ESP,
 * T read F in ITA, at 0.62 and 0.75 on dev pages at 100 dpi; a TD2 name
 * line read a cell off, 1I<DEU, at 0.82 on a dev page in shadow) makes a
 * code no document carries far more often than a document carries one.
 * Below the shipped policy's min_confidence, so it goes to review. */
#define MRZ_UNKNOWN_CODE_P 0.4f

/* mrz_mark_contested: mark the cells of the lines in `mask` (bit l: line
 * l of an n-line MRZ) where lattices a and b, two readings of one MRZ,
 * are each sure of a different character (MRZ_CONTEST_P; on the name line,
 * which no check digit covers, MRZ_CONTEST_NAME_P) as contested in both,
 * and where each prefers a different one (MRZ_DISPUTE_P) as disputed in
 * both.  The lines are aligned first (a reading may have a cell more or
 * less).  Returns the number of cells disputed (contested ones among
 * them); changes only the contested and disputed flags.  (In mrzread.c,
 * beside the line alignment it uses.) */
int mrz_mark_contested(mrz_lattice *a, mrz_lattice *b, int n, unsigned mask);

/* mrz_fuse_cell: cell *o from two readings x and y of one MRZ character:
 * each alternative's probability the weighted average wx : 1 - wx of its
 * probabilities in x and y (x or y may be NULL: the other stands alone).
 * A character one reading chose by the strokes that tell it from its
 * rival (mrz_cell.stroke; the other reading not so) stays first: it and
 * the fused choice trade probabilities.  *o is contested (disputed) when
 * x or y is.
 * Writes only *o.  (In mrzread.c.) */
void mrz_fuse_cell(const mrz_cell *x, const mrz_cell *y, float wx, mrz_cell *o);

/* mrz_lattice_set: fill line `line` of *lat from the plain string s (each
 * character sure, p = 1); a test and fallback helper. */
void mrz_lattice_set(mrz_lattice *lat, int line, const char *s);

/* mrz_cell_add: append alternative (c, p) to a cell (ignored when full or
 * already listed; kept sorted by p, best first, except ch[0] stays first
 * when `keep_first`). */
void mrz_cell_add(mrz_cell *cell, char c, float p, int keep_first);

/* mrz_correct: fix line lengths (filler runs only), apply character classes
 * and check digits to `lat`, parse the result into out->mrz (centuries from
 * `reference`), and record every change in out->corrections.  Sets
 * out->confidence.  Leaves out->crop and out->orientation alone.  Returns
 * true when the result is a valid MRZ.
 * A lone line (lat->nlines == 1, an image of one MRZ line) is corrected as
 * a second line where its date check digits say it is one (its check
 * digits are then reported in out->mrz); it is never valid and names no
 * format. */
bool mrz_correct(const mrz_lattice *lat, vdate reference, mrz_reading *out);

/* mrz_unsure_cells_guarded: true when the valid reading rd, which
 * mrz_correct made from `lat` without a correction, owes nothing to a
 * guess at the cells lat holds below probability `sure` (counting only
 * the alternatives the position's character class allows: O is no doubt
 * about a 0 in a date): each is a digit
 * where only digits belong (a date, a check digit), under a passing check
 * digit that covers no other such cell, with no alternative listed that
 * the checks cannot tell from it — any other digit there would fail that
 * check.  False whenever the line lengths were changed. */
bool mrz_unsure_cells_guarded(const mrz_lattice *lat, const mrz_reading *rd, float sure);

/* mrz_line_class_sure: the least share of probability, over line l's
 * cells, that lat gives the character reading rd took there, once the
 * alternatives the position's character class forbids are set aside (0 in
 * a name, F for the P that opens a passport's MRZ); what the engine did
 * not list stays doubt.  0 when rd changed a character of the line or its
 * length (rd made from lat by mrz_correct). */
double mrz_line_class_sure(const mrz_lattice *lat, const mrz_reading *rd, int l);

/* mrz_blind_sure: the least probability lat gives reading rd's character
 * in a cell where no check digit can vouch for it against a look-alike:
 * where letters and digits are both allowed (every character there has
 * one of the other kind a multiple of ten away in value, which enters
 * every check alike: 0 and U, 8 and S, 6 and G), or where an alternative
 * listed is such a character (0 and < in a date).  1 when there is no
 * such cell.  Cells and characters are matched by position (rd made from
 * lat, as mrz_correct makes it). */
double mrz_blind_sure(const mrz_lattice *lat, const mrz_reading *rd);

#endif
