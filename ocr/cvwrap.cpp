// cvwrap — OpenCV behind a C interface (see cvwrap.h).  No exception leaves
// this file: every entry point catches everything and returns a status.
#include "cvwrap.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <algorithm>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <opencv2/wechat_qrcode.hpp>

namespace {

void copy_message(char *err, size_t errsize, const char *msg)
{
    if (err == nullptr || errsize == 0)
        return;
    std::strncpy(err, msg, errsize - 1);
    err[errsize - 1] = '\0';
}

/* Run body, turning any C++ exception (OpenCV's cv::Exception, bad_alloc)
 * into CV_ERROR with its message in err: no exception crosses the C API. */
template <class Body>
static cv_status guarded(char *err, size_t errsize, Body body)
{
    try {
        return body();
    } catch (const std::exception &e) {
        copy_message(err, errsize, e.what());
    } catch (...) {
        copy_message(err, errsize, "unknown OpenCV error");
    }
    return CV_ERROR;
}

// Wrap caller memory as a Mat without copying (OpenCV never writes to it).
cv::Mat wrap_grey(const unsigned char *grey, int width, int height, int stride)
{
    return cv::Mat(height, width, CV_8UC1, const_cast<unsigned char *>(grey),
                   static_cast<size_t>(stride));
}


/* Otsu's threshold of a 256-bin histogram of n pixels, computed as
 * cv::threshold(THRESH_OTSU) does (the same value), from a histogram the
 * caller has anyway. */
double otsu_level(const int hist[256], size_t n)
{
    double scale = 1.0 / static_cast<double>(n), mu = 0;
    for (int i = 0; i < 256; i++)
        mu += i * static_cast<double>(hist[i]);
    mu *= scale;
    double mu1 = 0, q1 = 0, max_sigma = 0, level = 0;
    for (int i = 0; i < 256; i++) {
        double p_i = hist[i] * scale;
        mu1 *= q1;
        q1 += p_i;
        double q2 = 1.0 - q1;
        if (std::min(q1, q2) < FLT_EPSILON || std::max(q1, q2) > 1.0 - FLT_EPSILON)
            continue;
        mu1 = (mu1 + i * p_i) / q1;
        double mu2 = (mu - q1 * mu1) / q2;
        double sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2);
        if (sigma > max_sigma) {
            max_sigma = sigma;
            level = i;
        }
    }
    return level;
}

/* Whether the eight bytes at p are all zero. */
static inline bool blank8(const unsigned char *p)
{
    uint64_t word;
    std::memcpy(&word, p, 8);
    return word == 0;
}

/* Mark in `rule` the runs of set pixels along the rows of bw that
 * clear_long_runs clears (see there).  The mask is mostly blank: blank
 * stretches are skipped eight bytes at a time. */
static void mark_long_row_runs(const cv::Mat &bw, int len, cv::Mat &rule)
{
    const int edge_len = len / 2 + 1;
    for (int y = 0; y < bw.rows; y++) {
        const unsigned char *row = bw.ptr<unsigned char>(y);
        unsigned char *mark = rule.ptr<unsigned char>(y);
        for (int x = 0; x < bw.cols;) {
            if (row[x] == 0) {
                while (x + 8 <= bw.cols && blank8(row + x))
                    x += 8;
                while (x < bw.cols && row[x] == 0)
                    x++;
                continue;
            }
            int x0 = x;
            while (x < bw.cols && row[x] != 0)
                x++;
            int n = x - x0;
            if (n >= len || (n >= edge_len && (x0 == 0 || x == bw.cols)) || n == bw.cols)
                std::memset(mark + x0, 255, static_cast<size_t>(n));
        }
    }
}

/* Clear from the 0/255 mask bw every straight run of set pixels, across or
 * down, at least `len` (odd) pixels long; at least len / 2 + 1 long where
 * it meets the image's edge, and of any length where it spans the image.
 * That is exactly what subtracting the union of OpenCV's openings with a
 * len x 1 and a 1 x len line gives (its default border lets a run go on
 * past the edge), in one pass over the pixels instead of len per pixel. */
void clear_long_runs(cv::Mat &bw, int len)
{
    const int edge_len = len / 2 + 1;
    cv::Mat rule(bw.size(), CV_8UC1, cv::Scalar(0));
    mark_long_row_runs(bw, len, rule);
    // down the columns: a run length per column, carried row by row;
    // eight columns at a time are skipped where they are blank and no run
    // is open in them
    std::vector<int> start(static_cast<size_t>(bw.cols), -1);
    std::vector<unsigned char> open(static_cast<size_t>(bw.cols) + 8, 0);
    for (int y = 0; y <= bw.rows; y++) {
        const unsigned char *row = y < bw.rows ? bw.ptr<unsigned char>(y) : nullptr;
        for (int x = 0; x < bw.cols;) {
            if (x + 8 <= bw.cols && (row == nullptr || blank8(row + x)) &&
                blank8(&open[static_cast<size_t>(x)])) {
                x += 8;
                continue;
            }
            int xe = std::min(x + 8, bw.cols);
            for (; x < xe; x++) {
                bool on = row != nullptr && row[x] != 0;
                int &y0 = start[static_cast<size_t>(x)];
                if (on && y0 < 0) {
                    y0 = y;
                    open[static_cast<size_t>(x)] = 1;
                }
                if (on || y0 < 0)
                    continue;
                int n = y - y0;
                if (n >= len || (n >= edge_len && (y0 == 0 || y == bw.rows)) || n == bw.rows)
                    for (int k = y0; k < y; k++)
                        rule.at<unsigned char>(k, x) = 255;
                y0 = -1;
                open[static_cast<size_t>(x)] = 0;
            }
        }
    }
    cv::subtract(bw, rule, bw);
}

/* The stroke mask under a rotated rectangle (centre, w x h, direction
 * `angle` degrees), turned level: row y of the strip runs along the
 * rectangle's long side. */
cv::Mat level_strip(const cv::Mat &bw, cv::Point2f centre, float w, float h, float angle)
{
    cv::Mat rot = cv::getRotationMatrix2D(centre, angle, 1.0);
    rot.at<double>(0, 2) += w / 2.0 - centre.x;
    rot.at<double>(1, 2) += h / 2.0 - centre.y;
    cv::Mat strip;
    cv::warpAffine(bw, strip, rot, cv::Size(static_cast<int>(std::ceil(w)), static_cast<int>(std::ceil(h))),
                   cv::INTER_NEAREST, cv::BORDER_CONSTANT, cv::Scalar(0));
    return strip;
}

/* Rows [r0, r1) of a level strip: the columns its strokes span (the
 * inkiest chain of inked columns no more than `join` apart) in *x0, *x1,
 * its inked share of that area and its longest inkless stretch in
 * thicknesses.  False when the rows hold no ink. */
bool row_band_extent(const cv::Mat &strip, int r0, int r1, int join, int *x0, int *x1,
                     float *ink, float *gap)
{
    std::vector<int> col(static_cast<size_t>(strip.cols), 0);
    long total = 0;
    for (int y = r0; y < r1; y++) {
        const unsigned char *row = strip.ptr<unsigned char>(y);
        for (int x = 0; x < strip.cols; x++)
            if (row[x] != 0) {
                col[static_cast<size_t>(x)]++;
                total++;
            }
    }
    int best0 = -1, best1 = -1, start = -1, last = -1;
    long best_ink = 0, run_ink = 0;
    for (int x = 0; x <= strip.cols; x++) {
        bool inked = x < strip.cols && col[static_cast<size_t>(x)] > 0;
        if (inked && start >= 0 && x - last > join) {
            if (run_ink > best_ink) {
                best_ink = run_ink;
                best0 = start;
                best1 = last + 1;
            }
            start = -1;
        }
        if (inked) {
            if (start < 0) {
                start = x;
                run_ink = 0;
            }
            last = x;
            run_ink += col[static_cast<size_t>(x)];
        }
        if (x == strip.cols && start >= 0 && run_ink > best_ink) {
            best_ink = run_ink;
            best0 = start;
            best1 = last + 1;
        }
    }
    if (best0 < 0 || total == 0)
        return false;
    int worst = 0, run = 0;
    for (int x = best0; x < best1; x++) {
        run = col[static_cast<size_t>(x)] > 0 ? 0 : run + 1;
        worst = std::max(worst, run);
    }
    double h = r1 - r0, area = static_cast<double>(best1 - best0) * h;
    *x0 = best0;
    *x1 = best1;
    *ink = static_cast<float>(std::min(1.0, best_ink / area));
    *gap = static_cast<float>(worst / h);
    return true;
}

/* A band whose middle strays from straight by BOW_LEAST of its own
 * thickness or more bows (a curved page): its box is as thick as the bow
 * and the line together, which would hide the line's height. */
constexpr double BOW_LEAST = 0.35;
constexpr int BOW_BINS = 16;

/* A band's edges in BOW_BINS stretches along its box: lo[k] and hi[k]
 * across it, from the box's middle line. */
struct band_edges {
    double lo[BOW_BINS], hi[BOW_BINS];
};

/* Contour c of a band in box (centre, len w, thick h, direction a): its
 * own thickness, the median over BOW_BINS stretches along it of the
 * distance between its edges (the ends' stretches may hold a rounded end
 * only, and are left out), and how far the middle between them strays
 * from the straight line fitted through them (*bow); its edges in *e.
 * False when a stretch has no contour points. */
static bool band_bow(const std::vector<cv::Point> &c, cv::Point2f centre, float w, float a,
                     double *thick, double *bow, band_edges *e)
{
    double t = a * CV_PI / 180.0, ux = std::cos(t), uy = std::sin(t);
    double *lo = e->lo, *hi = e->hi;
    for (int k = 0; k < BOW_BINS; k++) {
        lo[k] = 1e9;
        hi[k] = -1e9;
    }
    for (const cv::Point &p : c) {
        double dx = p.x - centre.x, dy = p.y - centre.y;
        double u = dx * ux + dy * uy, v = -dx * uy + dy * ux;
        int k = static_cast<int>((u / w + 0.5) * BOW_BINS);
        if (k < 0 || k >= BOW_BINS)
            continue;
        lo[k] = std::min(lo[k], v);
        hi[k] = std::max(hi[k], v);
    }
    double th[BOW_BINS], mid[BOW_BINS];
    for (int k = 0; k < BOW_BINS; k++) {
        if (hi[k] < lo[k])
            return false;
        th[k] = hi[k] - lo[k];
        mid[k] = (hi[k] + lo[k]) / 2;
    }
    std::vector<double> inner(th + 1, th + BOW_BINS - 1);
    std::nth_element(inner.begin(), inner.begin() + inner.size() / 2, inner.end());
    *thick = inner[inner.size() / 2];
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int k = 1; k < BOW_BINS - 1; k++) {
        sx += k;
        sy += mid[k];
        sxx += static_cast<double>(k) * k;
        sxy += k * mid[k];
    }
    int n = BOW_BINS - 2;
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx), icpt = (sy - slope * sx) / n;
    *bow = 0;
    for (int k = 1; k < BOW_BINS - 1; k++)
        *bow = std::max(*bow, std::fabs(mid[k] - icpt - slope * k));
    return true;
}

/* A candidate with an inkless stretch along it longer than ALONG_GAP_MAX
 * thicknesses (a line joined to a picture or a rule beyond its end) is
 * cut to its inkiest stretch with no inkless run over ALONG_GAP_CUT
 * thicknesses.  False (b unchanged) when that leaves nothing. */
constexpr float ALONG_GAP_MAX = 2.0f;
constexpr float ALONG_GAP_CUT = 1.5f;

bool trim_along(const cv::Mat &bw, cv::Point2f centre, float w, float h, float angle,
                cv_line_box &b)
{
    cv::Mat strip = level_strip(bw, centre, w, h, angle);
    int x0, x1;
    float ink, gap;
    int cut = std::max(1, static_cast<int>(std::lround(ALONG_GAP_CUT * h)));
    if (!row_band_extent(strip, 0, strip.rows, cut, &x0, &x1, &ink, &gap))
        return false;
    double t = angle * CV_PI / 180.0, along = (x0 + x1) / 2.0 - w / 2.0;
    b.cx = static_cast<float>(centre.x + std::cos(t) * along);
    b.cy = static_cast<float>(centre.y + std::sin(t) * along);
    b.len = static_cast<float>(x1 - x0);
    b.ink = ink;
    b.gap = gap;
    return true;
}

/* Lines of text stacked in one candidate (two MRZ lines joined across a
 * tight line gap, or a whole card joined by its guilloche): runs of at
 * least STACK_MIN_PART rows of the level strip whose ink reaches a share
 * of the inkiest row, at the first of STACK_LEVELS that parts the strip
 * in two or more lines (a gap holds under a fifth of a text row's ink; a
 * card's guilloche a quarter to two fifths, its MRZ rows four fifths and
 * more).  Runs much fainter than the strongest (guilloche) are dropped,
 * and two runs stay one line unless the valley between them is deep
 * (letters' middle rows dip too).  Each line becomes a box of its own (in
 * `parts`, image axes).  Fewer than two lines leaves `parts` empty. */
constexpr float STACK_MIN_THICK = 10.0f;
constexpr double STACK_LEVELS[] = {0.2, 0.35, 0.5};
constexpr int STACK_MIN_PART = 4;
constexpr double STACK_WEAK = 0.5;   /* of the strongest run's mean ink */
constexpr double STACK_DEEP = 0.5;   /* valley under this share of the
                                        fainter neighbour's mean ink */
constexpr float STACK_TURNS[] = {-2, 2, -4, 4, -6, 6, -8, 8};   /* degrees */
constexpr float STACK_TURN_ASPECT = 12;   /* turned only when shorter than
                                             this many thicknesses: one MRZ
                                             line is 14 or more */

struct row_run {
    int first, last;        /* rows [first, last) */
    double mean;            /* mean ink per row */
};

/* Runs of at least min_part consecutive rows[] >= level, with their mean
 * ink. */
std::vector<row_run> row_runs(const std::vector<int> &rows, double level, int min_part)
{
    std::vector<row_run> runs;
    int start = -1, n = static_cast<int>(rows.size());
    long sum = 0;
    for (int y = 0; y <= n; y++) {
        bool text = y < n && rows[static_cast<size_t>(y)] >= level;
        if (text && start < 0) {
            start = y;
            sum = 0;
        }
        if (text)
            sum += rows[static_cast<size_t>(y)];
        if (!text && start >= 0) {
            if (y - start >= min_part)
                runs.push_back({start, y, static_cast<double>(sum) / (y - start)});
            start = -1;
        }
    }
    return runs;
}

/* The text lines among runs: faint runs dropped, runs parted by a shallow
 * valley of rows[] joined. */
std::vector<row_run> text_lines(const std::vector<int> &rows, std::vector<row_run> runs)
{
    double strongest = 0;
    for (const row_run &r : runs)
        strongest = std::max(strongest, r.mean);
    std::vector<row_run> lines;
    for (const row_run &r : runs) {
        if (r.mean < STACK_WEAK * strongest)
            continue;
        if (!lines.empty()) {
            row_run &prev = lines.back();
            int valley = *std::min_element(rows.begin() + prev.last, rows.begin() + r.first);
            if (valley > STACK_DEEP * std::min(prev.mean, r.mean)) {
                double rows_a = prev.last - prev.first, rows_b = r.last - r.first;
                prev.mean = (prev.mean * rows_a + r.mean * rows_b) / (rows_a + rows_b);
                prev.last = r.last;
                continue;
            }
        }
        lines.push_back(r);
    }
    return lines;
}

/* Ink per row of a level strip; the inkiest row's in *peak. */
std::vector<int> row_ink(const cv::Mat &strip, int *peak)
{
    std::vector<int> rows(static_cast<size_t>(strip.rows));
    *peak = 0;
    for (int y = 0; y < strip.rows; y++) {
        rows[static_cast<size_t>(y)] = cv::countNonZero(strip.row(y));
        *peak = std::max(*peak, rows[static_cast<size_t>(y)]);
    }
    return rows;
}

/* The text lines of a level strip's rows (see split_stacked). */
std::vector<row_run> stacked_lines(const std::vector<int> &rows, int peak)
{
    std::vector<row_run> runs;
    for (double level : STACK_LEVELS) {
        runs = text_lines(rows, row_runs(rows, level * peak, STACK_MIN_PART));
        if (runs.size() >= 2)
            break;
    }
    return runs;
}

/* How sharply a strip's rows change (lines of text lying along the strip
 * give steep steps between line and gap; lines across it a blur). */
double profile_sharpness(const std::vector<int> &rows)
{
    double s = 0;
    for (size_t y = 1; y < rows.size(); y++) {
        double d = rows[y] - rows[y - 1];
        s += d * d;
    }
    return s;
}

/* Whether a band that bows (edges e and own thickness `own`, see
 * band_bow, of the candidate in box centre, w x h, direction angle) holds
 * one line of text rather than lines stacked: it is as long as an MRZ
 * line for its own thickness, and with each stretch's ink between its
 * edges moved so that the stretches' middles line up, its rows make one
 * line.  An arch seen level spreads its ink over as many rows as a stack
 * of lines: parted by rows (split_stacked), it would come out as pieces
 * of no line.  (A blob of lines and guilloche that bows is short for its
 * own thickness.) */
bool one_bowed_line(const cv::Mat &bw, cv::Point2f centre, float w, float h, float angle,
                    const band_edges &e, double own)
{
    if (w < STACK_TURN_ASPECT * own)
        return false;
    cv::Mat strip = level_strip(bw, centre, w, h, angle);
    std::vector<int> rows(static_cast<size_t>(2 * strip.rows + 1), 0);
    int peak = 0;
    for (int x = 0; x < strip.cols; x++) {
        int k = std::min(BOW_BINS - 1, x * BOW_BINS / strip.cols);
        double mid = (e.lo[k] + e.hi[k]) / 2 + h / 2.0;
        int y0 = std::max(0, static_cast<int>(std::floor(e.lo[k] + h / 2.0)));
        int y1 = std::min(strip.rows - 1, static_cast<int>(std::ceil(e.hi[k] + h / 2.0)));
        for (int y = y0; y <= y1; y++) {
            if (strip.at<unsigned char>(y, x) == 0)
                continue;
            int r = y - static_cast<int>(std::lround(mid)) + strip.rows;
            if (r >= 0 && r < static_cast<int>(rows.size()))
                peak = std::max(peak, ++rows[static_cast<size_t>(r)]);
        }
    }
    return peak > 0 && stacked_lines(rows, peak).size() < 2;
}

void split_stacked(const cv::Mat &bw, cv::Point2f centre, float w, float h, float angle,
                   int join, std::vector<cv_line_box> &parts)
{
    parts.clear();
    if (h < STACK_MIN_THICK)
        return;
    cv::Mat strip = level_strip(bw, centre, w, h, angle);
    int peak;
    std::vector<int> rows = row_ink(strip, &peak);
    if (peak == 0)
        return;
    std::vector<row_run> runs = stacked_lines(rows, peak);
    if (runs.size() < 2 && w < STACK_TURN_ASPECT * h) {
        /* A blob of several lines and what joined them (too thick for one
         * line of text) may lie at another angle than its lines: turn the
         * strip to where its rows are sharpest, and part it there. */
        double best = profile_sharpness(rows) / (static_cast<double>(peak) * peak);
        float best_turn = 0;
        for (float turn : STACK_TURNS) {
            float hh = h + w * static_cast<float>(std::fabs(std::sin(turn * CV_PI / 180.0)));
            cv::Mat s = level_strip(bw, centre, w, hh, angle + turn);
            int pk;
            std::vector<int> r = row_ink(s, &pk);
            double sharp = pk > 0 ? profile_sharpness(r) / (static_cast<double>(pk) * pk) : 0;
            if (sharp > best) {
                best = sharp;
                best_turn = turn;
            }
        }
        if (best_turn == 0)
            return;
        h += w * static_cast<float>(std::fabs(std::sin(best_turn * CV_PI / 180.0)));
        angle += best_turn;
        strip = level_strip(bw, centre, w, h, angle);
        rows = row_ink(strip, &peak);
        runs = stacked_lines(rows, peak);
    }
    if (runs.size() < 2)
        return;
    double t = angle * CV_PI / 180.0, ux = std::cos(t), uy = std::sin(t), vx = -uy, vy = ux;
    for (const row_run &r : runs) {
        int x0, x1;
        cv_line_box b;
        b.bow = 0;
        if (!row_band_extent(strip, r.first, r.last, join, &x0, &x1, &b.ink, &b.gap))
            continue;
        double along = (x0 + x1) / 2.0 - w / 2.0, across = (r.first + r.last) / 2.0 - h / 2.0;
        b.cx = static_cast<float>(centre.x + ux * along + vx * across);
        b.cy = static_cast<float>(centre.y + uy * along + vy * across);
        b.len = static_cast<float>(x1 - x0);
        b.thick = static_cast<float>(r.last - r.first);
        b.angle = angle;
        parts.push_back(b);
    }
    if (parts.size() < 2)
        parts.clear();
}
} // namespace

extern "C" cv_status cv_qr_decode(const unsigned char *grey, int width, int height, int stride,
                                  char *out, size_t outsize, char *err, size_t errsize)
{
    if (grey == nullptr || width <= 0 || height <= 0 || stride < width || out == nullptr ||
        outsize == 0) {
        copy_message(err, errsize, "cv_qr_decode: bad arguments");
        return CV_ERROR;
    }
    return guarded(err, errsize, [&]() -> cv_status {
        cv::Mat img = wrap_grey(grey, width, height, stride);
        cv::QRCodeDetector detector;
        std::string payload = detector.detectAndDecode(img);
        if (payload.empty()) {
            // Large scans: QR detection is more reliable at about 1000 px.
            double scale = 1000.0 / std::max(width, height);
            if (scale < 0.9) {
                cv::Mat small;
                cv::resize(img, small, cv::Size(), scale, scale, cv::INTER_AREA);
                payload = detector.detectAndDecode(small);
            }
        }
        if (payload.empty())
            return CV_NOT_FOUND;
        if (payload.size() + 1 > outsize)
            return CV_TOO_LONG;
        std::memcpy(out, payload.data(), payload.size());
        out[payload.size()] = '\0';
        return CV_OK;
    });
}

// ---- MRZ location ---------------------------------------------------------

extern "C" cv_status cv_text_lines(const unsigned char *grey, int width, int height, int stride,
                                   int vertical, int join, int min_len,
                                   cv_line_box *out, int max, int *nout, char *err,
                                   size_t errsize)
{
    if (nout != nullptr)
        *nout = 0;
    if (grey == nullptr || width <= 0 || height <= 0 || stride < width || out == nullptr ||
        max <= 0 || nout == nullptr || join < 1) {
        copy_message(err, errsize, "cv_text_lines: bad arguments");
        return CV_ERROR;
    }
    return guarded(err, errsize, [&]() -> cv_status {
        // varta runs one process per core: OpenCV's own worker threads
        // would only compete with the other processes.
        static bool single = (cv::setNumThreads(1), true);
        (void)single;
        cv::Mat img = wrap_grey(grey, width, height, stride);
        if (vertical) {
            cv::Mat t;
            cv::transpose(img, t);
            img = t;
        }
        // Dark strokes narrower than the kernel stand out of any background.
        cv::Mat bh;
        cv::morphologyEx(img, bh, cv::MORPH_BLACKHAT,
                         cv::getStructuringElement(cv::MORPH_RECT, cv::Size(15, 11)));
        // Threshold: Otsu, but never below 40% of the strongest strokes
        // (the 99.7th percentile), so faint guilloche stays out.
        cv::Mat bw;
        {
            int hist[256] = {0};
            for (int y = 0; y < bh.rows; y++) {
                const unsigned char *row = bh.ptr<unsigned char>(y);
                for (int x = 0; x < bh.cols; x++)
                    hist[row[x]]++;
            }
            double otsu = otsu_level(hist, bh.total());
            long total = static_cast<long>(bh.rows) * bh.cols, acc = 0;
            int p997 = 255;
            for (int v = 255; v >= 0; v--) {
                acc += hist[v];
                if (acc * 1000 >= total * 3) {
                    p997 = v;
                    break;
                }
            }
            double thr = std::max({otsu, 0.4 * p997, 12.0});
            cv::threshold(bh, bw, thr, 255, cv::THRESH_BINARY);
        }
        // Long straight rules (card edges, table lines) are not text: they
        // would join the lines of a block into one.
        clear_long_runs(bw, 61);
        // Rows of characters (sparse ones too, like runs of '<') become
        // solid bands: a horizontal mean over `join` px, then a low
        // threshold; the bands of neighbouring lines stay apart.
        cv::Mat joined;
        cv::blur(bw, joined, cv::Size(join, 1));
        cv::threshold(joined, joined, 30, 255, cv::THRESH_BINARY);
        cv::morphologyEx(joined, joined, cv::MORPH_CLOSE,
                         cv::getStructuringElement(cv::MORPH_RECT, cv::Size(join, 1)));
        // Break thin bridges between neighbouring lines.
        cv::morphologyEx(joined, joined, cv::MORPH_OPEN,
                         cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
        std::vector<std::vector<cv::Point>> contours;
        std::vector<cv_line_box> parts;
        cv::findContours(joined, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
        int n = 0;
        for (const auto &c : contours) {
            if (n >= max)
                break;
            cv::RotatedRect rr = cv::minAreaRect(c);
            float w = rr.size.width, h = rr.size.height, a = rr.angle;
            if (w < h) {
                std::swap(w, h);
                a += 90.0f;
            }
            while (a > 90.0f)
                a -= 180.0f;
            while (a <= -90.0f)
                a += 180.0f;
            if (w < min_len || h < 3.0f)
                continue;
            std::vector<cv_line_box> found;
            double own = 0, bow = 0;
            band_edges edges;
            bool bows = w >= 8 * h / 3 && band_bow(c, rr.center, w, a, &own, &bow, &edges) &&
                        own >= 3 && bow >= BOW_LEAST * own;
            if (bows && one_bowed_line(bw, rr.center, w, h, a, edges, own))
                parts.clear();
            else
                split_stacked(bw, rr.center, w, h, a, join, parts);
            if (!parts.empty()) {
                found = parts;
            } else {
                cv::Rect br = cv::boundingRect(c) & cv::Rect(0, 0, bw.cols, bw.rows);
                double area = static_cast<double>(w) * h;
                double ink = area > 0 ? cv::countNonZero(bw(br)) / area : 0;
                cv_line_box b;
                b.cx = rr.center.x;
                b.cy = rr.center.y;
                b.len = w;
                b.thick = h;
                b.angle = a;
                b.ink = static_cast<float>(std::min(1.0, ink));
                b.bow = 0;
                if (bows) {
                    b.thick = static_cast<float>(own);
                    b.bow = static_cast<float>(bow);
                }
                // Longest stretch along the line with no stroke across it: text
                // lines have none longer than a character gap; a column of
                // letters from lines of text (seen across) has the line gaps.
                {
                    double t = a * CV_PI / 180.0, ux = std::cos(t), uy = std::sin(t);
                    double vx = -uy, vy = ux;
                    int run = 0, worst = 0;
                    for (int k = 0; k < static_cast<int>(w); k++) {
                        double px = rr.center.x + ux * (k - w / 2.0), py = rr.center.y + uy * (k - w / 2.0);
                        bool hit = false;
                        for (int j = -static_cast<int>(h / 2); j <= static_cast<int>(h / 2) && !hit; j++) {
                            int xx = static_cast<int>(std::lround(px + vx * j));
                            int yy = static_cast<int>(std::lround(py + vy * j));
                            if (xx >= 0 && yy >= 0 && xx < bw.cols && yy < bw.rows)
                                hit = bw.at<unsigned char>(yy, xx) != 0;
                        }
                        run = hit ? 0 : run + 1;
                        worst = std::max(worst, run);
                    }
                    b.gap = h > 0 ? static_cast<float>(worst / h) : 99.0f;
                }
                if (b.gap > ALONG_GAP_MAX)
                    trim_along(bw, rr.center, w, h, a, b);
                found.push_back(b);
            }
            for (cv_line_box &b : found) {
                if (n >= max)
                    break;
                if (b.len < min_len || b.thick < 3.0f)
                    continue;
                if (vertical) {
                    // Back to the caller's axes: transpose swaps x and y, which
                    // mirrors the direction angle.
                    std::swap(b.cx, b.cy);
                    b.angle = 90.0f - b.angle;
                    while (b.angle > 90.0f)
                        b.angle -= 180.0f;
                    while (b.angle <= -90.0f)
                        b.angle += 180.0f;
                }
                out[n++] = b;
            }
        }
        *nout = n;
        return CV_OK;
    });
}

// The perspective transform taking quad[8] (corners clockwise from the top
// left) onto the upright w x h rectangle.
static cv::Mat quad_transform(const float quad[8], int w, int h)
{
    cv::Point2f src[4], dst[4];
    for (int i = 0; i < 4; i++)
        src[i] = cv::Point2f(quad[2 * i], quad[2 * i + 1]);
    dst[0] = cv::Point2f(0, 0);
    dst[1] = cv::Point2f(static_cast<float>(w), 0);
    dst[2] = cv::Point2f(static_cast<float>(w), static_cast<float>(h));
    dst[3] = cv::Point2f(0, static_cast<float>(h));
    return cv::getPerspectiveTransform(src, dst);
}

// Point (u, v) of the upright rectangle taken through inv, the inverse of
// quad_transform's: its source point (*x, *y).  Returns the projective
// divisor before it is kept off zero (near zero: a degenerate quad).
static double through(const cv::Mat &inv, double u, double v, double *x, double *y)
{
    const double *a = inv.ptr<double>(0), *b = inv.ptr<double>(1), *c = inv.ptr<double>(2);
    double z = c[0] * u + c[1] * v + c[2], zz = std::fabs(z) < 1e-12 ? 1e-12 : z;
    *x = (a[0] * u + a[1] * v + a[2]) / zz;
    *y = (b[0] * u + b[1] * v + b[2]) / zz;
    return z;
}

extern "C" cv_status cv_warp_quad(const unsigned char *grey, int width, int height, int stride,
                                  const float quad[8], const float *bend, unsigned char *out,
                                  int outw, int outh, int outstride, int flatten, char *err,
                                  size_t errsize)
{
    if (grey == nullptr || width <= 0 || height <= 0 || stride < width || quad == nullptr ||
        out == nullptr || outw <= 0 || outh <= 0 || outstride < outw || outw > 20000 ||
        outh > 20000) {
        copy_message(err, errsize, "cv_warp_quad: bad arguments");
        return CV_ERROR;
    }
    return guarded(err, errsize, [&]() -> cv_status {
        cv::Mat img = wrap_grey(grey, width, height, stride);
        cv::Mat m = quad_transform(quad, outw, outh);
        cv::Mat dstm(outh, outw, CV_8UC1, out, static_cast<size_t>(outstride));
        if (bend == nullptr) {
            cv::warpPerspective(img, dstm, m, cv::Size(outw, outh), cv::INTER_LINEAR,
                                cv::BORDER_CONSTANT, cv::Scalar(255));
        } else {
            // each output pixel's source, through the inverse transform
            cv::Mat inv = m.inv();
            cv::Mat map(outh, outw, CV_32FC2);
            for (int v = 0; v < outh; v++) {
                cv::Vec2f *row = map.ptr<cv::Vec2f>(v);
                for (int u = 0; u < outw; u++) {
                    double x, y;
                    through(inv, u, v + bend[u], &x, &y);
                    row[u] = cv::Vec2f(static_cast<float>(x), static_cast<float>(y));
                }
            }
            cv::remap(img, dstm, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                      cv::Scalar(255));
        }
        if (flatten > 0) {
            cv::Mat bg;
            int k = flatten | 1;
            cv::morphologyEx(dstm, bg, cv::MORPH_CLOSE,
                             cv::getStructuringElement(cv::MORPH_RECT, cv::Size(k, k)));
            cv::blur(bg, bg, cv::Size(k, k));
            cv::Mat f, b;
            dstm.convertTo(f, CV_32F);
            bg.convertTo(b, CV_32F);
            cv::max(b, 1.0f, b);
            cv::divide(f, b, f);
            double lo, hi;
            cv::minMaxLoc(f, &lo, &hi);
            if (hi > lo)
                f = (f - lo) * (255.0 / (std::min(hi, 1.0) - lo));
            f.convertTo(dstm, CV_8U);   // saturates
        }
        return CV_OK;
    });
}

extern "C" cv_status cv_quad_point(const float quad[8], int w, int h, double u, double v,
                                   double *x, double *y)
{
    if (quad == nullptr || w <= 0 || h <= 0 || x == nullptr || y == nullptr)
        return CV_ERROR;
    return guarded(nullptr, 0, [&]() -> cv_status {
        return std::fabs(through(quad_transform(quad, w, h).inv(), u, v, x, y)) < 1e-12 ? CV_ERROR
                                                                                     : CV_OK;
    });
}

// Cells of an area shrink from n to `on` samples (on <= n): output o
// covers input [o*r, (o+1)*r), r = n/on, from sample i0 (weight w0, the
// part of it inside) to i1 (weight w1); those between count whole.
struct area_cell {
    int i0, i1;
    float w0, w1;
};

static std::vector<area_cell> area_cells(int n, int on)
{
    std::vector<area_cell> cells(static_cast<size_t>(on));
    double r = static_cast<double>(n) / on;
    for (int o = 0; o < on; o++) {
        double a = o * r, b = (o + 1) * r;
        int i0 = static_cast<int>(std::floor(a));
        int i1 = std::min(n - 1, static_cast<int>(std::ceil(b)) - 1);
        float w0 = static_cast<float>(std::min(static_cast<double>(i0) + 1, b) - a);
        float w1 = i1 > i0 ? static_cast<float>(b - i1) : 0.0f;
        cells[static_cast<size_t>(o)] = {i0, i1, w0, w1};
    }
    return cells;
}

// Shrink grey image src into dst (no larger either way) by area averaging:
// each output pixel the mean of the input area it covers, edge pixels
// weighted by their part in it, as OpenCV's INTER_AREA computes it (to
// within rounding), in one pass of rows summed down and cells summed
// across, about twice as fast as OpenCV's general path.
__attribute__((optimize("O3"))) static void area_shrink(const cv::Mat &src, cv::Mat &dst)
{
    int w = src.cols, ow = dst.cols, oh = dst.rows;
    std::vector<area_cell> across = area_cells(w, ow), down = area_cells(src.rows, oh);
    float scale = static_cast<float>(static_cast<double>(ow) * oh / (static_cast<double>(w) * src.rows));
    std::vector<float> sum(static_cast<size_t>(w));
    for (int oy = 0; oy < oh; oy++) {
        const area_cell &v = down[static_cast<size_t>(oy)];
        std::fill(sum.begin(), sum.end(), 0.0f);
        for (int y = v.i0; y <= v.i1; y++) {
            float wt = y == v.i0 ? v.w0 : y == v.i1 ? v.w1 : 1.0f;
            const unsigned char *row = src.ptr<unsigned char>(y);
            for (int x = 0; x < w; x++)
                sum[static_cast<size_t>(x)] += wt * row[x];
        }
        unsigned char *out = dst.ptr<unsigned char>(oy);
        for (int ox = 0; ox < ow; ox++) {
            const area_cell &u = across[static_cast<size_t>(ox)];
            float s = u.w0 * sum[static_cast<size_t>(u.i0)];
            for (int i = u.i0 + 1; i < u.i1; i++)
                s += sum[static_cast<size_t>(i)];
            if (u.i1 > u.i0)
                s += u.w1 * sum[static_cast<size_t>(u.i1)];
            int q = static_cast<int>(s * scale + 0.5f);
            out[ox] = static_cast<unsigned char>(q < 0 ? 0 : q > 255 ? 255 : q);
        }
    }
}

extern "C" cv_status cv_resize_area(const unsigned char *grey, int width, int height, int stride,
                                    unsigned char *out, int outw, int outh, int outstride,
                                    char *err, size_t errsize)
{
    if (grey == nullptr || width <= 0 || height <= 0 || stride < width || out == nullptr ||
        outw <= 0 || outh <= 0 || outstride < outw) {
        copy_message(err, errsize, "cv_resize_area: bad arguments");
        return CV_ERROR;
    }
    return guarded(err, errsize, [&]() -> cv_status {
        cv::Mat img = wrap_grey(grey, width, height, stride);
        cv::Mat dstm(outh, outw, CV_8UC1, out, static_cast<size_t>(outstride));
        // OpenCV's area averaging is fast only when it halves (a vector
        // path: about a millisecond on a 9-Mpx page); by any other factor,
        // whole ones too, it took 5 to 25 ms.  So: halve while the page is
        // at least twice the size wanted, then average the rest of the way
        // (less than twice) with area_shrink.
        while (img.cols >= 2 * outw && img.rows >= 2 * outh) {
            cv::Mat half;
            cv::resize(img, half, cv::Size(img.cols / 2, img.rows / 2), 0, 0, cv::INTER_AREA);
            img = half;
        }
        if (outw <= img.cols && outh <= img.rows)
            area_shrink(img, dstm);
        else
            cv::resize(img, dstm, cv::Size(outw, outh), 0, 0,
                       (outw < img.cols) ? cv::INTER_AREA : cv::INTER_LINEAR);
        return CV_OK;
    });
}

// ---- QR codes with the WeChat decoder (no quirc needed) --------------------

extern "C" cv_status cv_qr_decode_wechat(const unsigned char *grey, int width, int height,
                                         int stride, char *out, size_t outsize, char *err,
                                         size_t errsize)
{
    if (grey == nullptr || width <= 0 || height <= 0 || stride < width || out == nullptr ||
        outsize == 0) {
        copy_message(err, errsize, "cv_qr_decode_wechat: bad arguments");
        return CV_ERROR;
    }
    return guarded(err, errsize, [&]() -> cv_status {
        cv::Mat img = wrap_grey(grey, width, height, stride);
        cv::wechat_qrcode::WeChatQRCode detector;
        std::vector<std::string> found;
        // Detection time grows fast with size; about 1600 px keeps a QR
        // code of 25 mm on A4 at 5 px a module.
        double scale = 1600.0 / std::max(width, height);
        if (scale < 0.9) {
            cv::Mat small;
            cv::resize(img, small, cv::Size(), scale, scale, cv::INTER_AREA);
            found = detector.detectAndDecode(small);
        } else {
            found = detector.detectAndDecode(img);
        }
        if (found.empty() || found[0].empty())
            return CV_NOT_FOUND;
        const std::string &payload = found[0];
        if (payload.size() + 1 > outsize)
            return CV_TOO_LONG;
        std::memcpy(out, payload.data(), payload.size());
        out[payload.size()] = '\0';
        return CV_OK;
    });
}

// ---- Page quadrilateral of a photographed sheet (used by ocr/certread.c) ---

namespace {

struct page_cand {
    cv::Point2f q[4];   // TL, TR, BR, BL
    double area;        // of the quad, in thumbnail pixels
    double support;     // share of its weakest side seen as a bright-to-dark step
};

// Order four points as top-left, top-right, bottom-right, bottom-left by
// their diagonal extremes (sound for sheets turned less than ~40 degrees
// from a quarter turn, as photographs of a page on a desk are).
void order_corners(const std::vector<cv::Point2f> &pts, cv::Point2f q[4])
{
    size_t a = 0, b = 0, c = 0, d = 0;
    for (size_t i = 1; i < pts.size(); i++) {
        float s = pts[i].x + pts[i].y, t = pts[i].x - pts[i].y;
        if (s < pts[a].x + pts[a].y) a = i;
        if (t > pts[b].x - pts[b].y) b = i;
        if (s > pts[c].x + pts[c].y) c = i;
        if (t < pts[d].x - pts[d].y) d = i;
    }
    q[0] = pts[a];
    q[1] = pts[b];
    q[2] = pts[c];
    q[3] = pts[d];
}

double quad_area(const cv::Point2f q[4])
{
    std::vector<cv::Point2f> v(q, q + 4);
    return cv::contourArea(v);
}

// The sheet's four edges as the four longest straight runs of its outline,
// extended to meet: a corner lost under a shadow or a thumb comes back.
bool line_quad(const std::vector<cv::Point> &c, cv::Point2f q[4])
{
    double per = cv::arcLength(c, true);
    std::vector<cv::Point> ap;
    cv::approxPolyDP(c, ap, 0.01 * per, true);
    size_t n = ap.size();
    if (n < 4 || n > 64)
        return false;
    std::vector<std::pair<double, size_t>> segs;
    for (size_t i = 0; i < n; i++) {
        cv::Point d = ap[(i + 1) % n] - ap[i];
        segs.push_back({std::sqrt(double(d.x) * d.x + double(d.y) * d.y), i});
    }
    std::sort(segs.begin(), segs.end(), [](const std::pair<double, size_t> &x,
                                           const std::pair<double, size_t> &y) {
        return x.first > y.first;
    });
    if (segs[3].first < 0.08 * per)
        return false;
    size_t idx[4] = {segs[0].second, segs[1].second, segs[2].second, segs[3].second};
    std::sort(idx, idx + 4);
    cv::Point2f p[4], d[4];
    for (int k = 0; k < 4; k++) {
        p[k] = cv::Point2f(ap[idx[k]]);
        d[k] = cv::Point2f(ap[(idx[k] + 1) % n]) - p[k];
    }
    for (int k = 0; k < 4; k++) {
        // neighbouring edges meet at 60..120 degrees
        const cv::Point2f &u = d[k], &v = d[(k + 1) % 4];
        double cosang = (u.x * v.x + u.y * v.y) / (cv::norm(u) * cv::norm(v) + 1e-9);
        if (std::fabs(cosang) > 0.5)
            return false;
    }
    std::vector<cv::Point2f> pts;
    for (int k = 0; k < 4; k++) {
        const cv::Point2f &p1 = p[(k + 3) % 4], &d1 = d[(k + 3) % 4], &p2 = p[k], &d2 = d[k];
        double det = -d1.x * d2.y + d1.y * d2.x;
        if (std::fabs(det) < 1e-9)
            return false;
        cv::Point2f r = p2 - p1;
        double t = (-r.x * d2.y + r.y * d2.x) / det;
        pts.push_back(p1 + d1 * static_cast<float>(t));
    }
    order_corners(pts, q);
    return true;
}

// Is q a believable A4 sheet seen from at most ~15 degrees off straight?
bool sheet_shaped(const cv::Point2f q[4], double frame_area)
{
    double s[4];
    for (int i = 0; i < 4; i++)
        s[i] = cv::norm(q[(i + 1) % 4] - q[i]);
    for (int i = 0; i < 4; i++)
        if (s[i] < 1.0)
            return false;
    double a = (s[0] + s[2]) / 2, b = (s[1] + s[3]) / 2;
    double aspect = std::max(a, b) / std::min(a, b);
    double opp = std::max(std::max(s[0], s[2]) / std::min(s[0], s[2]),
                          std::max(s[1], s[3]) / std::min(s[1], s[3]));
    double frac = quad_area(q) / frame_area;
    std::vector<cv::Point2f> v(q, q + 4);
    return cv::isContourConvex(v) && aspect > 1.25 && aspect < 1.65 && opp < 1.5 &&
           frac > 0.12 && frac < 0.93;
}

// How well the quad's sides follow a real paper edge: along each side, the
// share of 40 points where the picture 3 px inside is at least 6 grey
// levels brighter than 3 px outside; the weakest side counts (each side's
// share goes to sides[4] when not NULL).  A quad that took in a piece of
// desk or a shadow has a side that is no edge.
double edge_support(const cv::Mat &sm, const cv::Point2f q[4], double *sides = nullptr)
{
    cv::Point2f cen = (q[0] + q[1] + q[2] + q[3]) * 0.25f;
    double worst = 1.0;
    for (int i = 0; i < 4; i++) {
        cv::Point2f a = q[i], d = q[(i + 1) % 4] - q[i];
        double len = cv::norm(d);
        if (len < 1)
            return 0;
        cv::Point2f n(static_cast<float>(d.y / len), static_cast<float>(-d.x / len));
        cv::Point2f mid = a + d * 0.5f - cen;
        if (mid.x * n.x + mid.y * n.y < 0)
            n = -n;
        int good = 0, seen = 0;
        const int steps = 40;
        for (int k = 0; k < steps; k++) {
            cv::Point2f p = a + d * ((k + 0.5f) / steps);
            cv::Point pi(cvFloor(p.x - 3 * n.x), cvFloor(p.y - 3 * n.y));
            cv::Point po(cvFloor(p.x + 3 * n.x), cvFloor(p.y + 3 * n.y));
            if (pi.x < 0 || pi.y < 0 || po.x < 0 || po.y < 0 || pi.x >= sm.cols ||
                po.x >= sm.cols || pi.y >= sm.rows || po.y >= sm.rows)
                continue;
            seen++;
            if (int(sm.at<unsigned char>(pi)) - int(sm.at<unsigned char>(po)) >= 6)
                good++;
        }
        // a side hugging the frame has its outside beyond the picture: it
        // is judged on the points that can be seen, or passes as neutral
        double share = seen >= steps / 4 ? double(good) / seen : 0.5;
        if (sides)
            sides[i] = share;
        worst = std::min(worst, share);
    }
    return worst;
}

// Spread of an ink profile: the standard deviation of the ink in each
// row (or column) of a binary ink map over its mean.  Rows across text
// lines alternate between print and the gaps between lines; rows along
// them do not.
double profile_spread(const cv::Mat &ink, int dim)
{
    cv::Mat prof;
    cv::reduce(ink, prof, dim, cv::REDUCE_SUM, CV_64F);
    cv::Scalar mean, sd;
    cv::meanStdDev(prof, mean, sd);
    return mean[0] > 0 ? sd[0] / mean[0] : 0.0;
}

// Do the printed lines inside quad q (in picture img, q scaled by `back`
// from the thumbnail) run along its long sides?  A certificate is a
// portrait A4 page: its lines run along the short sides, however the sheet
// lies; a quad whose lines run along the long sides is a part of the page
// (its lower half is itself of A4 shape, seen landscape) cut off by a false
// edge (other paper, a shadow, a table rule).  The quad is warped to about
// 500 px and its ink's row and column profiles compared: the lines' own
// direction shows the gaps between them.
bool lines_along_long_side(const cv::Mat &img, const cv::Point2f q[4], double back)
{
    double top = cv::norm(q[1] - q[0]), side = cv::norm(q[3] - q[0]);
    double k = 500.0 / std::max(top, side);
    int w = std::max(40, int(top * k)), h = std::max(40, int(side * k));
    cv::Point2f src[4], dst[4] = {{0, 0}, {float(w), 0}, {float(w), float(h)}, {0, float(h)}};
    for (int i = 0; i < 4; i++)
        src[i] = q[i] * static_cast<float>(back);
    cv::Mat m = cv::getPerspectiveTransform(src, dst), flat, ink;
    cv::warpPerspective(img, flat, m, cv::Size(w, h), cv::INTER_AREA, cv::BORDER_REPLICATE);
    cv::adaptiveThreshold(flat, ink, 1, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, 15, 12);
    cv::Rect inner(w / 12, h / 12, w - w / 6, h - h / 6);     // off the sheet's rim
    cv::Mat in = ink(inner);
    double along_x = profile_spread(in, 1);   // rows: lines running along x
    double along_y = profile_spread(in, 0);
    bool x_long = w > h;
    double along_long = x_long ? along_x : along_y, along_short = x_long ? along_y : along_x;
    return along_long > 1.3 * along_short;
}

// The sheet in one bright-region mask: the largest region's outline, as
// its hull's corners or as its four edges met, kept only when the outline
// fills the quad (no desk or clutter joined to it).
bool sheet_in_mask(const cv::Mat &sm, const cv::Mat &mask, double frame_area, page_cand &out)
{
    std::vector<std::vector<cv::Point>> cs;
    cv::findContours(mask, cs, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    size_t best = cs.size();
    double barea = 0;
    for (size_t i = 0; i < cs.size(); i++) {
        double a = cv::contourArea(cs[i]);
        if (a > barea) {
            barea = a;
            best = i;
        }
    }
    if (best == cs.size() || barea < 0.1 * frame_area)
        return false;
    std::vector<cv::Point> hull;
    cv::convexHull(cs[best], hull);
    double harea = cv::contourArea(hull);
    if (harea <= 0)
        return false;
    std::vector<cv::Point2f> hp(hull.begin(), hull.end());
    page_cand c;
    order_corners(hp, c.q);
    c.area = quad_area(c.q);
    bool ok = c.area / harea > 0.96 && barea / harea > 0.9 && sheet_shaped(c.q, frame_area);
    page_cand l;
    if (line_quad(cs[best], l.q)) {
        l.area = quad_area(l.q);
        if (l.area > 0 && barea / l.area > 0.85 && barea / l.area < 1.03 &&
            std::fabs(harea / l.area - 1.0) < 0.12 && sheet_shaped(l.q, frame_area)) {
            c = l;
            ok = true;
        }
    }
    if (!ok)
        return false;
    c.support = edge_support(sm, c.q);
    if (c.support < 0.5)
        return false;
    out = c;
    return true;
}

// A straight edge of the thumbnail: a point on it, its unit direction, and
// how much of it the edge detector saw.
struct edge_line {
    cv::Point2f p, d;
    double theta, rho, len;
    double step;        // mean brightness step across it (its longest piece), grey levels
};

// Is the segment a-b a step in brightness (one side lighter than the other
// along most of it), as a paper edge is, rather than the rim of a dark band
// such as a printed text line or rule (paper on both sides)?
bool brightness_step(const cv::Mat &sm, cv::Point2f a, cv::Point2f b)
{
    cv::Point2f d = b - a;
    double len = cv::norm(d);
    if (len < 1)
        return false;
    cv::Point2f n(static_cast<float>(-d.y / len), static_cast<float>(d.x / len));
    int plus = 0, minus = 0, seen = 0;
    const int steps = 16;
    for (int k = 0; k < steps; k++) {
        cv::Point2f p = a + d * ((k + 0.5f) / steps);
        cv::Point p1(cvFloor(p.x + 4 * n.x), cvFloor(p.y + 4 * n.y));
        cv::Point p2(cvFloor(p.x - 4 * n.x), cvFloor(p.y - 4 * n.y));
        cv::Rect frame(0, 0, sm.cols, sm.rows);
        if (!frame.contains(p1) || !frame.contains(p2))
            continue;
        seen++;
        int diff = int(sm.at<unsigned char>(p1)) - int(sm.at<unsigned char>(p2));
        plus += diff >= 3;
        minus += diff <= -3;
    }
    return seen >= steps / 4 && std::max(plus, minus) * 2 >= seen;
}

// The mean brightness step across the segment a-b (4 px either side).
double step_across(const cv::Mat &sm, cv::Point2f a, cv::Point2f b)
{
    cv::Point2f d = b - a;
    double len = cv::norm(d);
    if (len < 1)
        return 0;
    cv::Point2f n(static_cast<float>(-d.y / len), static_cast<float>(d.x / len));
    cv::Rect frame(0, 0, sm.cols, sm.rows);
    double sum = 0;
    int seen = 0;
    for (int k = 0; k < 16; k++) {
        cv::Point2f p = a + d * ((k + 0.5f) / 16);
        cv::Point p1(cvFloor(p.x + 4 * n.x), cvFloor(p.y + 4 * n.y));
        cv::Point p2(cvFloor(p.x - 4 * n.x), cvFloor(p.y - 4 * n.y));
        if (frame.contains(p1) && frame.contains(p2)) {
            sum += std::abs(int(sm.at<unsigned char>(p1)) - int(sm.at<unsigned char>(p2)));
            seen++;
        }
    }
    return seen ? sum / seen : 0;
}

// The long straight brightness steps of the thumbnail (Canny, then
// probabilistic Hough; segments on one line merged), split into lines
// running across (within 40 degrees of horizontal) and down, the ten
// longest of each and up to four more of strong steps.
void straight_edges(const cv::Mat &sm, std::vector<edge_line> &across,
                    std::vector<edge_line> &down)
{
    cv::Mat e;
    cv::Canny(sm, e, 12, 36);
    std::vector<cv::Vec4i> segs;
    int minlen = std::min(sm.cols, sm.rows) / 8;
    cv::HoughLinesP(e, segs, 1, CV_PI / 360, minlen / 2, minlen, 6);
    std::vector<edge_line> lines;
    for (const cv::Vec4i &sg : segs) {
        cv::Point2f a(static_cast<float>(sg[0]), static_cast<float>(sg[1]));
        cv::Point2f b(static_cast<float>(sg[2]), static_cast<float>(sg[3]));
        cv::Point2f d = b - a;
        double len = cv::norm(d);
        if (len < 1 || !brightness_step(sm, a, b))
            continue;
        d *= static_cast<float>(1.0 / len);
        double theta = std::atan2(d.x, -d.y);        // the normal's angle, 0..pi
        if (theta < 0)
            theta += CV_PI;
        if (theta >= CV_PI)
            theta -= CV_PI;
        double rho = a.x * std::cos(theta) + a.y * std::sin(theta);
        lines.push_back({a, d, theta, rho, len, step_across(sm, a, b)});
    }
    auto longer = [](const edge_line &x, const edge_line &y) { return x.len > y.len; };
    std::sort(lines.begin(), lines.end(), longer);
    std::vector<edge_line> merged;
    for (const edge_line &l : lines) {
        bool joined = false;
        for (edge_line &m : merged) {
            double dt = std::fabs(l.theta - m.theta);
            double dr = std::fabs(l.rho - m.rho);
            if (dt > CV_PI / 2) {                       // one line, near 0 and near pi
                dt = CV_PI - dt;
                dr = std::fabs(l.rho + m.rho);
            }
            if (dt < 3 * CV_PI / 180 && dr < 5) {
                m.len += l.len;
                m.step = std::max(m.step, l.step);
                joined = true;
                break;
            }
        }
        if (!joined)
            merged.push_back(l);
    }
    std::sort(merged.begin(), merged.end(), longer);
    // the ten longest lines each way, and then the four strongest steps
    // among the rest: a paper edge against a dark desk that is short where
    // other paper or a thumb meets it, outnumbered by long text rows
    std::vector<edge_line> rest;
    for (const edge_line &m : merged) {
        bool flat = std::fabs(m.d.y) < std::sin(40 * CV_PI / 180);
        std::vector<edge_line> &to = flat ? across : down;
        if (to.size() < 10)
            to.push_back(m);
        else
            rest.push_back(m);
    }
    std::stable_sort(rest.begin(), rest.end(),
                     [](const edge_line &x, const edge_line &y) { return x.step > y.step; });
    size_t extra[2] = {0, 0};
    for (const edge_line &m : rest) {
        bool flat = std::fabs(m.d.y) < std::sin(40 * CV_PI / 180);
        if (m.step >= 40 && extra[flat] < 4) {
            (flat ? across : down).push_back(m);
            extra[flat]++;
        }
    }
}

// Where lines a and b cross (false when they are parallel).
bool meet(const edge_line &a, const edge_line &b, cv::Point2f &out)
{
    double det = a.d.x * b.d.y - a.d.y * b.d.x;
    if (std::fabs(det) < 1e-6)
        return false;
    cv::Point2f r = b.p - a.p;
    double t = (r.x * b.d.y - r.y * b.d.x) / det;
    out = a.p + a.d * static_cast<float>(t);
    return true;
}

// Are the quad's corners in the picture (within 1% of its size)?
bool inside_frame(const cv::Point2f q[4], int cols, int rows)
{
    for (int i = 0; i < 4; i++)
        if (q[i].x < -0.01f * cols || q[i].y < -0.01f * rows || q[i].x > 1.01f * cols ||
            q[i].y > 1.01f * rows)
            return false;
    return true;
}

// Grey levels at quartiles 1..3 of the picture's outer ring (2% wide).
void ring_quartiles(const cv::Mat &sm, int qs[3])
{
    int bx = std::max(2, sm.cols / 50), by = std::max(2, sm.rows / 50);
    int hist[256] = {0}, n = 0;
    for (int y = 0; y < sm.rows; y++) {
        const unsigned char *p = sm.ptr<unsigned char>(y);
        bool rowring = y < by || y >= sm.rows - by;
        for (int x = 0; x < sm.cols; x++)
            if (rowring || x < bx || x >= sm.cols - bx) {
                hist[p[x]]++;
                n++;
            }
    }
    int seen = 0, k = 0;
    for (int v = 0; v < 256 && k < 3; v++) {
        seen += hist[v];
        while (k < 3 && 4 * seen >= (k + 1) * n)
            qs[k++] = v;
    }
}

// The quad where lines a0 and a1 (across) meet d0 and d1 (down), when it is
// an A4-shaped sheet inside the picture, seen at most ~15 degrees off
// straight, whose sides are paper edges (bright
// inside, darker outside): one side may be weak (a white paper or a thumb
// against it) when the sides are good on the whole.  Its score is its area
// times its sides' mean support; 0 when it is no sheet.
double edge_quad(const cv::Mat &sm, double frame_area, const edge_line &a0,
                 const edge_line &a1, const edge_line &d0, const edge_line &d1, page_cand &c)
{
    std::vector<cv::Point2f> pts(4);
    if (!meet(a0, d0, pts[0]) || !meet(a0, d1, pts[1]) || !meet(a1, d1, pts[2]) ||
        !meet(a1, d0, pts[3]))
        return 0;
    order_corners(pts, c.q);
    if (!inside_frame(c.q, sm.cols, sm.rows) || !sheet_shaped(c.q, frame_area))
        return 0;
    // at most ~15 degrees off straight (sheet_shaped allows more, for a
    // region's outline): opposite sides within 30% in length and 13 degrees
    // in direction; a quad of stray lines is seldom that regular
    for (int i = 0; i < 2; i++) {
        cv::Point2f u = c.q[i + 1] - c.q[i], v = c.q[(i + 3) % 4] - c.q[i + 2];
        double lu = cv::norm(u), lv = cv::norm(v);
        double cosang = -(u.x * v.x + u.y * v.y) / (lu * lv + 1e-9);
        if (std::max(lu, lv) > 1.3 * std::min(lu, lv) || cosang < std::cos(13 * CV_PI / 180))
            return 0;
    }
    double side[4];
    double worst = edge_support(sm, c.q, side);
    double mean = (side[0] + side[1] + side[2] + side[3]) / 4;
    if (worst < 0.2 || mean < 0.65)
        return 0;
    c.area = quad_area(c.q);
    c.support = worst;
    return mean * c.area;
}

// The sheet as four long straight brightness steps (two across, two down)
// meeting in a quad (edge_quad), the best scoring: found where no bright
// region outlines it, as when the desk is as pale as the paper, or clutter
// and shadows join the sheet.  Not on a picture with blank paper all round
// (a bright, even outer ring): a scan or a sheet filling the frame, where
// text lines and rules can meet in a sheet-shaped quad and there is no desk
// to cut away.
bool sheet_from_edges(const cv::Mat &sm, double frame_area, const cv::Mat &img, double back,
                      page_cand &out, page_cand *part)
{
    int qs[3];
    ring_quartiles(sm, qs);
    if (qs[0] >= 215 && qs[2] - qs[0] <= 12)
        return false;
    std::vector<edge_line> across, down;
    straight_edges(sm, across, down);
    std::vector<std::pair<double, page_cand>> found;
    for (size_t i = 0; i < across.size(); i++)
        for (size_t j = i + 1; j < across.size(); j++)
            for (size_t k = 0; k < down.size(); k++)
                for (size_t l = k + 1; l < down.size(); l++) {
                    page_cand c;
                    double score = edge_quad(sm, frame_area, across[i], across[j], down[k],
                                             down[l], c);
                    if (score > 0)
                        found.push_back({score, c});
                }
    // the best scoring quad that is a whole page, not a part cut off by a
    // false edge (lines_along_long_side)
    std::sort(found.begin(), found.end(),
              [](const std::pair<double, page_cand> &x, const std::pair<double, page_cand> &y) {
                  return x.first > y.first;
              });
    for (size_t i = 0; i < found.size() && i < 6; i++)
        if (!lines_along_long_side(img, found[i].second.q, back)) {
            out = found[i].second;
            return true;
        }
    if (!found.empty() && part->area <= 0)
        *part = found[0].second;
    return false;
}

// The whole page from a part of it (lines_along_long_side): the part's
// sides along the print are the page's width; of its two ends across the
// print, the one that is less a paper edge (edge_support) is the false one,
// and it is moved out along the part's sides until the page has A4's
// proportions.  False when that page does not lie in the picture (a
// corner may lie up to 8% beyond its frame: the warp fills it white).
bool whole_from_part(const cv::Mat &sm, const cv::Point2f part[4], cv::Point2f q[4])
{
    double side[4];
    edge_support(sm, part, side);
    for (int i = 0; i < 4; i++)
        q[i] = part[i];
    double top = cv::norm(part[1] - part[0]), bottom = cv::norm(part[2] - part[3]);
    double left = cv::norm(part[3] - part[0]), right = cv::norm(part[2] - part[1]);
    // the print runs along the long sides: along top and bottom (sides 0
    // and 2) or along left and right (sides 3 and 1)
    bool across_x = top + bottom > left + right;
    double width = across_x ? (top + bottom) / 2 : (left + right) / 2;
    double target = width * std::sqrt(2.0);
    // corners moved: (moved, anchor) pairs along the two sides kept
    int a0, a1, m0, m1;
    if (across_x) {
        bool top_false = side[0] < side[2];
        m0 = top_false ? 0 : 3;
        m1 = top_false ? 1 : 2;
        a0 = top_false ? 3 : 0;
        a1 = top_false ? 2 : 1;
    } else {
        bool left_false = side[3] < side[1];
        m0 = left_false ? 0 : 1;
        m1 = left_false ? 3 : 2;
        a0 = left_false ? 1 : 0;
        a1 = left_false ? 2 : 3;
    }
    int ms[2] = {m0, m1}, as[2] = {a0, a1};
    for (int k = 0; k < 2; k++) {
        cv::Point2f d = part[ms[k]] - part[as[k]];
        double len = cv::norm(d);
        if (len < 1)
            return false;
        q[ms[k]] = part[as[k]] + d * static_cast<float>(target / len);
    }
    for (int i = 0; i < 4; i++)
        if (q[i].x < -0.08f * sm.cols || q[i].y < -0.08f * sm.rows ||
            q[i].x > 1.08f * sm.cols || q[i].y > 1.08f * sm.rows)
            return false;
    return true;
}

} // namespace

extern "C" cv_status cv_page_quad(const unsigned char *grey, int width, int height, int stride,
                                  float quad[8], char *err, size_t errsize)
{
    if (grey == nullptr || width <= 0 || height <= 0 || stride < width || quad == nullptr) {
        copy_message(err, errsize, "cv_page_quad: bad arguments");
        return CV_ERROR;
    }
    return guarded(err, errsize, [&]() -> cv_status {
        cv::Mat img = wrap_grey(grey, width, height, stride);
        double s = 600.0 / std::max(width, height);
        cv::Mat sm;
        if (s < 1.0)
            cv::resize(img, sm, cv::Size(), s, s, cv::INTER_AREA);
        else {
            s = 1.0;
            sm = img.clone();
        }
        if (sm.cols < 60 || sm.rows < 60)
            return CV_NOT_FOUND;
        cv::GaussianBlur(sm, sm, cv::Size(5, 5), 0);
        cv::Mat m;
        double t0 = cv::threshold(sm, m, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
        double frame = double(sm.cols) * sm.rows;
        cv::Mat k15 = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(15, 15));
        cv::Mat k9 = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9));
        page_cand best;
        best.area = 0;
        best.support = 0;
        // Candidate masks: global thresholds about Otsu's (shadows darken
        // part of the sheet, bright desks and clutter join it) and local
        // ones (brighter than the neighbourhood: a soft light gradient
        // across sheet and desk); the sheet whose sides are the best paper
        // edges wins, then the larger.
        auto consider = [&](cv::Mat &mk) {
            cv::morphologyEx(mk, mk, cv::MORPH_CLOSE, k15);   // over the print
            cv::morphologyEx(mk, mk, cv::MORPH_OPEN, k9);     // off thin joins
            page_cand c;
            if (sheet_in_mask(sm, mk, frame, c) &&
                (c.support > best.support || (c.support == best.support && c.area > best.area)))
                best = c;
        };
        for (int dt = -70; dt < 50; dt += 10) {
            double t = t0 + dt;
            if (t < 1 || t > 254)
                continue;
            cv::threshold(sm, m, t, 255, cv::THRESH_BINARY);
            consider(m);
        }
        const int blocks[3] = {41, 101, 201};
        for (int b : blocks) {
            for (int c : {2, 6}) {
                if (b >= std::min(sm.cols, sm.rows))
                    continue;
                cv::adaptiveThreshold(sm, m, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY, b,
                                      -c);
                consider(m);
            }
        }
        // a bright region whose print runs along its long sides is part of
        // the page (lines_along_long_side): the edges are looked at
        // instead, and failing them the part is grown to the whole page
        page_cand part = best;
        if (best.area > 0 && lines_along_long_side(img, best.q, 1.0 / s))
            best.area = 0;
        if (best.area <= 0 && !sheet_from_edges(sm, frame, img, 1.0 / s, best, &part)) {
            if (part.area <= 0 || !whole_from_part(sm, part.q, best.q))
                return CV_NOT_FOUND;
        }
        for (int i = 0; i < 4; i++) {
            quad[2 * i] = static_cast<float>(best.q[i].x / s);
            quad[2 * i + 1] = static_cast<float>(best.q[i].y / s);
        }
        return CV_OK;
    });
}
