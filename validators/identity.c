/* identity — same-person comparison of names, birth dates and nationalities
 * across documents (see identity.h for the thresholds). */
#include "identity.h"

#include <stdio.h>
#include <string.h>

/* Generated from Unicode decompositions plus ICAO 9303 Part 3 section 6
 * (Latin: Ä→AE, Å→AA, Ö→OE, Ø→OE, Ü→UE, ß→SS, Þ→TH, Ł→L, Œ→OE, ...;
 * Cyrillic: Table B) and the Ukrainian national table (Cabinet of
 * Ministers resolution 55/2010) for the third column. */
static const struct translit_row { unsigned cp; const char *icao, *fold, *ukr; } translit_table[] = {
    {0x00C0, "A", "A", "A"}, /* À */
    {0x00C1, "A", "A", "A"}, /* Á */
    {0x00C2, "A", "A", "A"}, /* Â */
    {0x00C3, "A", "A", "A"}, /* Ã */
    {0x00C4, "AE", "A", "AE"}, /* Ä */
    {0x00C5, "AA", "A", "AA"}, /* Å */
    {0x00C6, "AE", "AE", "AE"}, /* Æ */
    {0x00C7, "C", "C", "C"}, /* Ç */
    {0x00C8, "E", "E", "E"}, /* È */
    {0x00C9, "E", "E", "E"}, /* É */
    {0x00CA, "E", "E", "E"}, /* Ê */
    {0x00CB, "E", "E", "E"}, /* Ë */
    {0x00CC, "I", "I", "I"}, /* Ì */
    {0x00CD, "I", "I", "I"}, /* Í */
    {0x00CE, "I", "I", "I"}, /* Î */
    {0x00CF, "I", "I", "I"}, /* Ï */
    {0x00D0, "D", "D", "D"}, /* Ð */
    {0x00D1, "N", "N", "N"}, /* Ñ */
    {0x00D2, "O", "O", "O"}, /* Ò */
    {0x00D3, "O", "O", "O"}, /* Ó */
    {0x00D4, "O", "O", "O"}, /* Ô */
    {0x00D5, "O", "O", "O"}, /* Õ */
    {0x00D6, "OE", "O", "OE"}, /* Ö */
    {0x00D8, "OE", "O", "OE"}, /* Ø */
    {0x00D9, "U", "U", "U"}, /* Ù */
    {0x00DA, "U", "U", "U"}, /* Ú */
    {0x00DB, "U", "U", "U"}, /* Û */
    {0x00DC, "UE", "U", "UE"}, /* Ü */
    {0x00DD, "Y", "Y", "Y"}, /* Ý */
    {0x00DE, "TH", "TH", "TH"}, /* Þ */
    {0x00DF, "SS", "SS", "SS"}, /* ß */
    {0x00E0, "A", "A", "A"}, /* à */
    {0x00E1, "A", "A", "A"}, /* á */
    {0x00E2, "A", "A", "A"}, /* â */
    {0x00E3, "A", "A", "A"}, /* ã */
    {0x00E4, "AE", "A", "AE"}, /* ä */
    {0x00E5, "AA", "A", "AA"}, /* å */
    {0x00E6, "AE", "AE", "AE"}, /* æ */
    {0x00E7, "C", "C", "C"}, /* ç */
    {0x00E8, "E", "E", "E"}, /* è */
    {0x00E9, "E", "E", "E"}, /* é */
    {0x00EA, "E", "E", "E"}, /* ê */
    {0x00EB, "E", "E", "E"}, /* ë */
    {0x00EC, "I", "I", "I"}, /* ì */
    {0x00ED, "I", "I", "I"}, /* í */
    {0x00EE, "I", "I", "I"}, /* î */
    {0x00EF, "I", "I", "I"}, /* ï */
    {0x00F0, "D", "D", "D"}, /* ð */
    {0x00F1, "N", "N", "N"}, /* ñ */
    {0x00F2, "O", "O", "O"}, /* ò */
    {0x00F3, "O", "O", "O"}, /* ó */
    {0x00F4, "O", "O", "O"}, /* ô */
    {0x00F5, "O", "O", "O"}, /* õ */
    {0x00F6, "OE", "O", "OE"}, /* ö */
    {0x00F8, "OE", "O", "OE"}, /* ø */
    {0x00F9, "U", "U", "U"}, /* ù */
    {0x00FA, "U", "U", "U"}, /* ú */
    {0x00FB, "U", "U", "U"}, /* û */
    {0x00FC, "UE", "U", "UE"}, /* ü */
    {0x00FD, "Y", "Y", "Y"}, /* ý */
    {0x00FE, "TH", "TH", "TH"}, /* þ */
    {0x00FF, "Y", "Y", "Y"}, /* ÿ */
    {0x0100, "A", "A", "A"}, /* Ā */
    {0x0101, "A", "A", "A"}, /* ā */
    {0x0102, "A", "A", "A"}, /* Ă */
    {0x0103, "A", "A", "A"}, /* ă */
    {0x0104, "A", "A", "A"}, /* Ą */
    {0x0105, "A", "A", "A"}, /* ą */
    {0x0106, "C", "C", "C"}, /* Ć */
    {0x0107, "C", "C", "C"}, /* ć */
    {0x0108, "C", "C", "C"}, /* Ĉ */
    {0x0109, "C", "C", "C"}, /* ĉ */
    {0x010A, "C", "C", "C"}, /* Ċ */
    {0x010B, "C", "C", "C"}, /* ċ */
    {0x010C, "C", "C", "C"}, /* Č */
    {0x010D, "C", "C", "C"}, /* č */
    {0x010E, "D", "D", "D"}, /* Ď */
    {0x010F, "D", "D", "D"}, /* ď */
    {0x0110, "D", "D", "D"}, /* Đ */
    {0x0111, "D", "D", "D"}, /* đ */
    {0x0112, "E", "E", "E"}, /* Ē */
    {0x0113, "E", "E", "E"}, /* ē */
    {0x0114, "E", "E", "E"}, /* Ĕ */
    {0x0115, "E", "E", "E"}, /* ĕ */
    {0x0116, "E", "E", "E"}, /* Ė */
    {0x0117, "E", "E", "E"}, /* ė */
    {0x0118, "E", "E", "E"}, /* Ę */
    {0x0119, "E", "E", "E"}, /* ę */
    {0x011A, "E", "E", "E"}, /* Ě */
    {0x011B, "E", "E", "E"}, /* ě */
    {0x011C, "G", "G", "G"}, /* Ĝ */
    {0x011D, "G", "G", "G"}, /* ĝ */
    {0x011E, "G", "G", "G"}, /* Ğ */
    {0x011F, "G", "G", "G"}, /* ğ */
    {0x0120, "G", "G", "G"}, /* Ġ */
    {0x0121, "G", "G", "G"}, /* ġ */
    {0x0122, "G", "G", "G"}, /* Ģ */
    {0x0123, "G", "G", "G"}, /* ģ */
    {0x0124, "H", "H", "H"}, /* Ĥ */
    {0x0125, "H", "H", "H"}, /* ĥ */
    {0x0126, "H", "H", "H"}, /* Ħ */
    {0x0127, "H", "H", "H"}, /* ħ */
    {0x0128, "I", "I", "I"}, /* Ĩ */
    {0x0129, "I", "I", "I"}, /* ĩ */
    {0x012A, "I", "I", "I"}, /* Ī */
    {0x012B, "I", "I", "I"}, /* ī */
    {0x012C, "I", "I", "I"}, /* Ĭ */
    {0x012D, "I", "I", "I"}, /* ĭ */
    {0x012E, "I", "I", "I"}, /* Į */
    {0x012F, "I", "I", "I"}, /* į */
    {0x0130, "I", "I", "I"}, /* İ */
    {0x0131, "I", "I", "I"}, /* ı */
    {0x0132, "IJ", "IJ", "IJ"}, /* Ĳ */
    {0x0133, "IJ", "IJ", "IJ"}, /* ĳ */
    {0x0134, "J", "J", "J"}, /* Ĵ */
    {0x0135, "J", "J", "J"}, /* ĵ */
    {0x0136, "K", "K", "K"}, /* Ķ */
    {0x0137, "K", "K", "K"}, /* ķ */
    {0x0138, "K", "K", "K"}, /* ĸ */
    {0x0139, "L", "L", "L"}, /* Ĺ */
    {0x013A, "L", "L", "L"}, /* ĺ */
    {0x013B, "L", "L", "L"}, /* Ļ */
    {0x013C, "L", "L", "L"}, /* ļ */
    {0x013D, "L", "L", "L"}, /* Ľ */
    {0x013E, "L", "L", "L"}, /* ľ */
    {0x013F, "L", "L", "L"}, /* Ŀ */
    {0x0140, "L", "L", "L"}, /* ŀ */
    {0x0141, "L", "L", "L"}, /* Ł */
    {0x0142, "L", "L", "L"}, /* ł */
    {0x0143, "N", "N", "N"}, /* Ń */
    {0x0144, "N", "N", "N"}, /* ń */
    {0x0145, "N", "N", "N"}, /* Ņ */
    {0x0146, "N", "N", "N"}, /* ņ */
    {0x0147, "N", "N", "N"}, /* Ň */
    {0x0148, "N", "N", "N"}, /* ň */
    {0x014A, "N", "N", "N"}, /* Ŋ */
    {0x014B, "N", "N", "N"}, /* ŋ */
    {0x014C, "O", "O", "O"}, /* Ō */
    {0x014D, "O", "O", "O"}, /* ō */
    {0x014E, "O", "O", "O"}, /* Ŏ */
    {0x014F, "O", "O", "O"}, /* ŏ */
    {0x0150, "O", "O", "O"}, /* Ő */
    {0x0151, "O", "O", "O"}, /* ő */
    {0x0152, "OE", "OE", "OE"}, /* Œ */
    {0x0153, "OE", "OE", "OE"}, /* œ */
    {0x0154, "R", "R", "R"}, /* Ŕ */
    {0x0155, "R", "R", "R"}, /* ŕ */
    {0x0156, "R", "R", "R"}, /* Ŗ */
    {0x0157, "R", "R", "R"}, /* ŗ */
    {0x0158, "R", "R", "R"}, /* Ř */
    {0x0159, "R", "R", "R"}, /* ř */
    {0x015A, "S", "S", "S"}, /* Ś */
    {0x015B, "S", "S", "S"}, /* ś */
    {0x015C, "S", "S", "S"}, /* Ŝ */
    {0x015D, "S", "S", "S"}, /* ŝ */
    {0x015E, "S", "S", "S"}, /* Ş */
    {0x015F, "S", "S", "S"}, /* ş */
    {0x0160, "S", "S", "S"}, /* Š */
    {0x0161, "S", "S", "S"}, /* š */
    {0x0162, "T", "T", "T"}, /* Ţ */
    {0x0163, "T", "T", "T"}, /* ţ */
    {0x0164, "T", "T", "T"}, /* Ť */
    {0x0165, "T", "T", "T"}, /* ť */
    {0x0166, "T", "T", "T"}, /* Ŧ */
    {0x0167, "T", "T", "T"}, /* ŧ */
    {0x0168, "U", "U", "U"}, /* Ũ */
    {0x0169, "U", "U", "U"}, /* ũ */
    {0x016A, "U", "U", "U"}, /* Ū */
    {0x016B, "U", "U", "U"}, /* ū */
    {0x016C, "U", "U", "U"}, /* Ŭ */
    {0x016D, "U", "U", "U"}, /* ŭ */
    {0x016E, "U", "U", "U"}, /* Ů */
    {0x016F, "U", "U", "U"}, /* ů */
    {0x0170, "U", "U", "U"}, /* Ű */
    {0x0171, "U", "U", "U"}, /* ű */
    {0x0172, "U", "U", "U"}, /* Ų */
    {0x0173, "U", "U", "U"}, /* ų */
    {0x0174, "W", "W", "W"}, /* Ŵ */
    {0x0175, "W", "W", "W"}, /* ŵ */
    {0x0176, "Y", "Y", "Y"}, /* Ŷ */
    {0x0177, "Y", "Y", "Y"}, /* ŷ */
    {0x0178, "Y", "Y", "Y"}, /* Ÿ */
    {0x0179, "Z", "Z", "Z"}, /* Ź */
    {0x017A, "Z", "Z", "Z"}, /* ź */
    {0x017B, "Z", "Z", "Z"}, /* Ż */
    {0x017C, "Z", "Z", "Z"}, /* ż */
    {0x017D, "Z", "Z", "Z"}, /* Ž */
    {0x017E, "Z", "Z", "Z"}, /* ž */
    {0x017F, "S", "S", "S"}, /* ſ */
    {0x01A0, "O", "O", "O"}, /* Ơ */
    {0x01A1, "O", "O", "O"}, /* ơ */
    {0x01AF, "U", "U", "U"}, /* Ư */
    {0x01B0, "U", "U", "U"}, /* ư */
    {0x01CD, "A", "A", "A"}, /* Ǎ */
    {0x01CE, "A", "A", "A"}, /* ǎ */
    {0x01CF, "I", "I", "I"}, /* Ǐ */
    {0x01D0, "I", "I", "I"}, /* ǐ */
    {0x01D1, "O", "O", "O"}, /* Ǒ */
    {0x01D2, "O", "O", "O"}, /* ǒ */
    {0x01D3, "U", "U", "U"}, /* Ǔ */
    {0x01D4, "U", "U", "U"}, /* ǔ */
    {0x01D5, "U", "U", "U"}, /* Ǖ */
    {0x01D6, "U", "U", "U"}, /* ǖ */
    {0x01D7, "U", "U", "U"}, /* Ǘ */
    {0x01D8, "U", "U", "U"}, /* ǘ */
    {0x01D9, "U", "U", "U"}, /* Ǚ */
    {0x01DA, "U", "U", "U"}, /* ǚ */
    {0x01DB, "U", "U", "U"}, /* Ǜ */
    {0x01DC, "U", "U", "U"}, /* ǜ */
    {0x01DE, "A", "A", "A"}, /* Ǟ */
    {0x01DF, "A", "A", "A"}, /* ǟ */
    {0x01E0, "A", "A", "A"}, /* Ǡ */
    {0x01E1, "A", "A", "A"}, /* ǡ */
    {0x01E6, "G", "G", "G"}, /* Ǧ */
    {0x01E7, "G", "G", "G"}, /* ǧ */
    {0x01E8, "K", "K", "K"}, /* Ǩ */
    {0x01E9, "K", "K", "K"}, /* ǩ */
    {0x01EA, "O", "O", "O"}, /* Ǫ */
    {0x01EB, "O", "O", "O"}, /* ǫ */
    {0x01EC, "O", "O", "O"}, /* Ǭ */
    {0x01ED, "O", "O", "O"}, /* ǭ */
    {0x01F4, "G", "G", "G"}, /* Ǵ */
    {0x01F5, "G", "G", "G"}, /* ǵ */
    {0x01F8, "N", "N", "N"}, /* Ǹ */
    {0x01F9, "N", "N", "N"}, /* ǹ */
    {0x01FA, "A", "A", "A"}, /* Ǻ */
    {0x01FB, "A", "A", "A"}, /* ǻ */
    {0x0200, "A", "A", "A"}, /* Ȁ */
    {0x0201, "A", "A", "A"}, /* ȁ */
    {0x0202, "A", "A", "A"}, /* Ȃ */
    {0x0203, "A", "A", "A"}, /* ȃ */
    {0x0204, "E", "E", "E"}, /* Ȅ */
    {0x0205, "E", "E", "E"}, /* ȅ */
    {0x0206, "E", "E", "E"}, /* Ȇ */
    {0x0207, "E", "E", "E"}, /* ȇ */
    {0x0208, "I", "I", "I"}, /* Ȉ */
    {0x0209, "I", "I", "I"}, /* ȉ */
    {0x020A, "I", "I", "I"}, /* Ȋ */
    {0x020B, "I", "I", "I"}, /* ȋ */
    {0x020C, "O", "O", "O"}, /* Ȍ */
    {0x020D, "O", "O", "O"}, /* ȍ */
    {0x020E, "O", "O", "O"}, /* Ȏ */
    {0x020F, "O", "O", "O"}, /* ȏ */
    {0x0210, "R", "R", "R"}, /* Ȑ */
    {0x0211, "R", "R", "R"}, /* ȑ */
    {0x0212, "R", "R", "R"}, /* Ȓ */
    {0x0213, "R", "R", "R"}, /* ȓ */
    {0x0214, "U", "U", "U"}, /* Ȕ */
    {0x0215, "U", "U", "U"}, /* ȕ */
    {0x0216, "U", "U", "U"}, /* Ȗ */
    {0x0217, "U", "U", "U"}, /* ȗ */
    {0x0218, "S", "S", "S"}, /* Ș */
    {0x0219, "S", "S", "S"}, /* ș */
    {0x021A, "T", "T", "T"}, /* Ț */
    {0x021B, "T", "T", "T"}, /* ț */
    {0x021E, "H", "H", "H"}, /* Ȟ */
    {0x021F, "H", "H", "H"}, /* ȟ */
    {0x0226, "A", "A", "A"}, /* Ȧ */
    {0x0227, "A", "A", "A"}, /* ȧ */
    {0x0228, "E", "E", "E"}, /* Ȩ */
    {0x0229, "E", "E", "E"}, /* ȩ */
    {0x022A, "O", "O", "O"}, /* Ȫ */
    {0x022B, "O", "O", "O"}, /* ȫ */
    {0x022C, "O", "O", "O"}, /* Ȭ */
    {0x022D, "O", "O", "O"}, /* ȭ */
    {0x022E, "O", "O", "O"}, /* Ȯ */
    {0x022F, "O", "O", "O"}, /* ȯ */
    {0x0230, "O", "O", "O"}, /* Ȱ */
    {0x0231, "O", "O", "O"}, /* ȱ */
    {0x0232, "Y", "Y", "Y"}, /* Ȳ */
    {0x0233, "Y", "Y", "Y"}, /* ȳ */
    {0x0401, "E", "E", "E"}, /* Ё */
    {0x0402, "D", "D", "D"}, /* Ђ */
    {0x0403, "G", "G", "G"}, /* Ѓ */
    {0x0404, "IE", "IE", "IE"}, /* Є */
    {0x0405, "DZ", "DZ", "DZ"}, /* Ѕ */
    {0x0406, "I", "I", "I"}, /* І */
    {0x0407, "I", "I", "I"}, /* Ї */
    {0x0408, "J", "J", "J"}, /* Ј */
    {0x0409, "LJ", "LJ", "LJ"}, /* Љ */
    {0x040A, "NJ", "NJ", "NJ"}, /* Њ */
    {0x040B, "C", "C", "C"}, /* Ћ */
    {0x040C, "K", "K", "K"}, /* Ќ */
    {0x040E, "U", "U", "U"}, /* Ў */
    {0x040F, "DZ", "DZ", "DZ"}, /* Џ */
    {0x0410, "A", "A", "A"}, /* А */
    {0x0411, "B", "B", "B"}, /* Б */
    {0x0412, "V", "V", "V"}, /* В */
    {0x0413, "G", "G", "H"}, /* Г */
    {0x0414, "D", "D", "D"}, /* Д */
    {0x0415, "E", "E", "E"}, /* Е */
    {0x0416, "ZH", "ZH", "ZH"}, /* Ж */
    {0x0417, "Z", "Z", "Z"}, /* З */
    {0x0418, "I", "I", "Y"}, /* И */
    {0x0419, "I", "I", "I"}, /* Й */
    {0x041A, "K", "K", "K"}, /* К */
    {0x041B, "L", "L", "L"}, /* Л */
    {0x041C, "M", "M", "M"}, /* М */
    {0x041D, "N", "N", "N"}, /* Н */
    {0x041E, "O", "O", "O"}, /* О */
    {0x041F, "P", "P", "P"}, /* П */
    {0x0420, "R", "R", "R"}, /* Р */
    {0x0421, "S", "S", "S"}, /* С */
    {0x0422, "T", "T", "T"}, /* Т */
    {0x0423, "U", "U", "U"}, /* У */
    {0x0424, "F", "F", "F"}, /* Ф */
    {0x0425, "KH", "KH", "KH"}, /* Х */
    {0x0426, "TS", "TS", "TS"}, /* Ц */
    {0x0427, "CH", "CH", "CH"}, /* Ч */
    {0x0428, "SH", "SH", "SH"}, /* Ш */
    {0x0429, "SHCH", "SHCH", "SHCH"}, /* Щ */
    {0x042A, "IE", "IE", "IE"}, /* Ъ */
    {0x042B, "Y", "Y", "Y"}, /* Ы */
    {0x042C, "", "", ""}, /* Ь */
    {0x042D, "E", "E", "E"}, /* Э */
    {0x042E, "IU", "IU", "IU"}, /* Ю */
    {0x042F, "IA", "IA", "IA"}, /* Я */
    {0x0430, "A", "A", "A"}, /* а */
    {0x0431, "B", "B", "B"}, /* б */
    {0x0432, "V", "V", "V"}, /* в */
    {0x0433, "G", "G", "H"}, /* г */
    {0x0434, "D", "D", "D"}, /* д */
    {0x0435, "E", "E", "E"}, /* е */
    {0x0436, "ZH", "ZH", "ZH"}, /* ж */
    {0x0437, "Z", "Z", "Z"}, /* з */
    {0x0438, "I", "I", "Y"}, /* и */
    {0x0439, "I", "I", "I"}, /* й */
    {0x043A, "K", "K", "K"}, /* к */
    {0x043B, "L", "L", "L"}, /* л */
    {0x043C, "M", "M", "M"}, /* м */
    {0x043D, "N", "N", "N"}, /* н */
    {0x043E, "O", "O", "O"}, /* о */
    {0x043F, "P", "P", "P"}, /* п */
    {0x0440, "R", "R", "R"}, /* р */
    {0x0441, "S", "S", "S"}, /* с */
    {0x0442, "T", "T", "T"}, /* т */
    {0x0443, "U", "U", "U"}, /* у */
    {0x0444, "F", "F", "F"}, /* ф */
    {0x0445, "KH", "KH", "KH"}, /* х */
    {0x0446, "TS", "TS", "TS"}, /* ц */
    {0x0447, "CH", "CH", "CH"}, /* ч */
    {0x0448, "SH", "SH", "SH"}, /* ш */
    {0x0449, "SHCH", "SHCH", "SHCH"}, /* щ */
    {0x044A, "IE", "IE", "IE"}, /* ъ */
    {0x044B, "Y", "Y", "Y"}, /* ы */
    {0x044C, "", "", ""}, /* ь */
    {0x044D, "E", "E", "E"}, /* э */
    {0x044E, "IU", "IU", "IU"}, /* ю */
    {0x044F, "IA", "IA", "IA"}, /* я */
    {0x0451, "E", "E", "E"}, /* ё */
    {0x0452, "D", "D", "D"}, /* ђ */
    {0x0453, "G", "G", "G"}, /* ѓ */
    {0x0454, "IE", "IE", "IE"}, /* є */
    {0x0455, "DZ", "DZ", "DZ"}, /* ѕ */
    {0x0456, "I", "I", "I"}, /* і */
    {0x0457, "I", "I", "I"}, /* ї */
    {0x0458, "J", "J", "J"}, /* ј */
    {0x0459, "LJ", "LJ", "LJ"}, /* љ */
    {0x045A, "NJ", "NJ", "NJ"}, /* њ */
    {0x045B, "C", "C", "C"}, /* ћ */
    {0x045C, "K", "K", "K"}, /* ќ */
    {0x045E, "U", "U", "U"}, /* ў */
    {0x045F, "DZ", "DZ", "DZ"}, /* џ */
};

static const struct translit_row *translit_find(unsigned cp)
{
    size_t lo = 0, hi = sizeof translit_table / sizeof *translit_table;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (translit_table[mid].cp == cp)
            return &translit_table[mid];
        if (translit_table[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Decode one UTF-8 code point at *ps; advances *ps.  Returns 0xFFFD for a
 * malformed sequence (one byte consumed). */
static unsigned utf8_next(const unsigned char **ps)
{
    const unsigned char *s = *ps;
    unsigned c = s[0];
    int n;
    unsigned min;
    if (c < 0x80) {
        *ps = s + 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) { n = 1; min = 0x80; c &= 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 2; min = 0x800; c &= 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; min = 0x10000; c &= 0x07; }
    else { *ps = s + 1; return 0xFFFD; }
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *ps = s + 1;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *ps = s + 1;
        return 0xFFFD;
    }
    *ps = s + n + 1;
    return c;
}

/* Characters removed without comment: fillers, spaces, hyphens,
 * apostrophes (ASCII and typographic, incl. the Ukrainian ʼ), dots, commas. */
static bool is_separator(unsigned c)
{
    switch (c) {
    case '<': case ' ': case '\t': case '-': case '\'': case '`': case '.': case ',':
    case 0x00A0: case 0x00B4: case 0x02BC: case 0x02B9: case 0x2010: case 0x2011:
    case 0x2013: case 0x2014: case 0x2018: case 0x2019: case 0x201B:
        return true;
    }
    return false;
}

static bool is_word_letter(unsigned c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xC0;
}

/* The Latin letter a Cyrillic one looks like, for names an OCR engine with
 * Cyrillic language data read in the wrong script; NULL when none. */
static const char *lookalike(unsigned c)
{
    static const struct { unsigned cp; const char *latin; } t[] = {
        {0x0405, "S"}, {0x0406, "I"}, {0x0407, "I"}, {0x0408, "J"}, {0x0410, "A"}, {0x0412, "B"},
        {0x0415, "E"}, {0x041A, "K"}, {0x041C, "M"}, {0x041D, "H"}, {0x041E, "O"}, {0x0420, "P"},
        {0x0421, "C"}, {0x0422, "T"}, {0x0423, "Y"}, {0x0425, "X"}, {0x0401, "E"},
    };
    unsigned u = (c >= 0x430 && c <= 0x44F) ? c - 0x20 : (c >= 0x450 && c <= 0x45F) ? c - 0x50 : c;
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (t[i].cp == u)
            return t[i].latin;
    return NULL;
}

int identity_normalize(const char *s, id_form form, char *out, size_t outsize)
{
    if (outsize == 0)
        return 0;
    out[0] = '\0';
    if (s == NULL)
        return 0;
    size_t n = 0;
    int unmapped = 0;
    unsigned prev = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = utf8_next(&p);
        const char *rep = NULL;
        char one[2] = {0, 0};
        if (c >= 'a' && c <= 'z')
            c -= 32;
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            one[0] = (char)c;
            rep = one;
        } else if (is_separator(c) || c < 0x80) {
            rep = "";
        } else {
            const struct translit_row *row = translit_find(c);
            if (row == NULL) {
                unmapped++;
                rep = "";
            } else if (form == ID_FORM_LOOKALIKE && lookalike(c) != NULL) {
                rep = lookalike(c);
            } else if (form == ID_FORM_UKR) {
                /* Word-initial forms of the Ukrainian table: Є→YE, Ї→YI,
                 * Й→Y, Ю→YU, Я→YA; and ЗГ→ZGH. */
                bool initial = !is_word_letter(prev);
                unsigned u = (c >= 0x430 && c <= 0x44F) ? c - 0x20 : (c >= 0x450 && c <= 0x45F) ? c - 0x50 : c;
                unsigned pu = (prev >= 0x430 && prev <= 0x44F) ? prev - 0x20 : prev;
                if (initial && u == 0x0404) rep = "YE";
                else if (initial && u == 0x0407) rep = "YI";
                else if (initial && u == 0x0419) rep = "Y";
                else if (initial && u == 0x042E) rep = "YU";
                else if (initial && u == 0x042F) rep = "YA";
                else if (u == 0x0413 && pu == 0x0417) rep = "GH";
                else rep = row->ukr;
            } else {
                rep = form == ID_FORM_FOLD ? row->fold : row->icao;
            }
        }
        size_t rl = strlen(rep);
        if (n + rl < outsize) {
            memcpy(out + n, rep, rl);
            n += rl;
        }
        prev = c;
    }
    out[n] = '\0';
    return unmapped;
}

int identity_edit_distance(const char *a, const char *b, int cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > ID_NAME_MAX || lb > ID_NAME_MAX)
        return cap + 1;
    size_t diff = la > lb ? la - lb : lb - la;
    if ((long)diff > cap)
        return cap + 1;
    int row[ID_NAME_MAX + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        int best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
    }
    return row[lb] > cap ? cap + 1 : row[lb];
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool empty(const char *s)
{
    return s == NULL || *s == '\0';
}

/* How a pair of normalised names agrees: 0 exact, 1 prefix of a truncated
 * name, 2 one tolerated edit; -1 no agreement. */
static int agree(const char *as, const char *ag, bool at, const char *bs, const char *bg, bool bt,
                 bool allow_noise)
{
    if (strcmp(as, bs) == 0 && strcmp(ag, bg) == 0)
        return 0;
    for (int side = 0; side < 2; side++) {
        const char *ts = side ? bs : as, *tg = side ? bg : ag;     /* truncated side */
        const char *fs = side ? as : bs, *fg = side ? ag : bg;     /* full side */
        if (!(side ? bt : at))
            continue;
        if (strlen(ts) + strlen(tg) < ID_PREFIX_MIN)
            continue;
        if (strcmp(ts, fs) == 0 && *tg != '\0' && starts_with(fg, tg))
            return 1;
        if (*tg == '\0' && *ts != '\0' && starts_with(fs, ts))
            return 1;
    }
    if (!allow_noise)
        return -1;
    int ds = identity_edit_distance(as, bs, ID_NOISE_MAX_EDITS);
    int dg = identity_edit_distance(ag, bg, ID_NOISE_MAX_EDITS);
    if (ds + dg > ID_NOISE_MAX_EDITS)
        return -1;
    if (ds > 0 && (strlen(as) < ID_NOISE_MIN_LEN || strlen(bs) < ID_NOISE_MIN_LEN))
        return -1;
    if (dg > 0 && (strlen(ag) < ID_NOISE_MIN_LEN || strlen(bg) < ID_NOISE_MIN_LEN))
        return -1;
    return 2;
}

/* "MUELLER" -> "MULLER": undo the ICAO digraphs AE, OE, UE, AA. */
static void undo_digraphs(const char *s, char *out, size_t outsize)
{
    size_t n = 0;
    for (size_t i = 0; s[i] && n + 1 < outsize; i++) {
        out[n++] = s[i];
        if (i > 0 && ((s[i] == 'E' && (s[i - 1] == 'A' || s[i - 1] == 'O' || s[i - 1] == 'U')) ||
                      (s[i] == 'A' && s[i - 1] == 'A')))
            n--;
    }
    out[n] = '\0';
}

/* First given name, normalised (split at spaces, fillers, hyphens). */
static void first_given(const char *g, id_form form, char *out, size_t outsize)
{
    char tok[ID_NAME_MAX];
    size_t n = 0;
    if (g == NULL) {
        out[0] = '\0';
        return;
    }
    while (*g == ' ' || *g == '<' || *g == '-')
        g++;
    while (*g && *g != ' ' && *g != '<' && *g != '-' && n + 1 < sizeof tok)
        tok[n++] = *g++;
    tok[n] = '\0';
    identity_normalize(tok, form, out, outsize);
}

/* One side has no surname (ICAO: a single-component name may stand in the
 * given-name field, "<<VENKATA<RAMANA"): compare the whole names. */
static id_verdict mononym_match(const id_person *a, const id_person *b, bool allow_noise, id_result *r)
{
    char fa[ID_NAME_MAX], fb[ID_NAME_MAX], pa[ID_NAME_MAX], pb[ID_NAME_MAX];
    int unmapped = 0;
    int best = -1;
    for (int f = 0; f < ID_FORM_COUNT; f++) {
        unmapped += identity_normalize(a->surname, (id_form)f, pa, sizeof pa);
        unmapped += identity_normalize(a->given_names, (id_form)f, fa, sizeof fa);
        if (strlen(pa) + strlen(fa) + 1 < sizeof pa)
            strcat(pa, fa);
        for (int g = 0; g < ID_FORM_COUNT; g++) {
            unmapped += identity_normalize(b->surname, (id_form)g, pb, sizeof pb);
            unmapped += identity_normalize(b->given_names, (id_form)g, fb, sizeof fb);
            if (strlen(pb) + strlen(fb) + 1 < sizeof pb)
                strcat(pb, fb);
            int k = agree("", pa, a->name_truncated, "", pb, b->name_truncated, allow_noise);
            if (k >= 0 && (best < 0 || k < best))
                best = k;
        }
    }
    if (unmapped > 0) {
        r->uncompared |= ID_F_SURNAME | ID_F_GIVEN;
        return ID_UNSURE;
    }
    if (best >= 0) {
        r->prefix_used = best == 1;
        r->noise_tolerated = best == 2;
        return ID_SAME;
    }
    r->differs |= ID_F_SURNAME | ID_F_GIVEN;
    return ID_DIFFERENT;
}

id_verdict identity_names_match(const id_person *a, const id_person *b, bool allow_noise,
                                id_result *r)
{
    r->prefix_used = r->noise_tolerated = r->given_partial = false;
    if ((empty(a->surname) && empty(a->given_names)) || (empty(b->surname) && empty(b->given_names))) {
        r->uncompared |= ID_F_SURNAME;
        return ID_UNSURE;
    }
    if (empty(a->surname) || empty(b->surname))
        return mononym_match(a, b, allow_noise, r);
    char n[2][ID_FORM_COUNT][2][ID_NAME_MAX];
    int unmapped = 0;
    for (int f = 0; f < ID_FORM_COUNT; f++) {
        unmapped += identity_normalize(a->surname, (id_form)f, n[0][f][0], ID_NAME_MAX);
        unmapped += identity_normalize(a->given_names, (id_form)f, n[0][f][1], ID_NAME_MAX);
        unmapped += identity_normalize(b->surname, (id_form)f, n[1][f][0], ID_NAME_MAX);
        unmapped += identity_normalize(b->given_names, (id_form)f, n[1][f][1], ID_NAME_MAX);
    }
    if (unmapped > 0 || n[0][0][0][0] == '\0' || n[1][0][0][0] == '\0') {
        r->uncompared |= ID_F_SURNAME | ID_F_GIVEN;
        return ID_UNSURE;
    }
    int best = -1;
    for (int fa = 0; fa < ID_FORM_COUNT; fa++)
        for (int fb = 0; fb < ID_FORM_COUNT; fb++) {
            int k = agree(n[0][fa][0], n[0][fa][1], a->name_truncated, n[1][fb][0], n[1][fb][1],
                          b->name_truncated, allow_noise);
            if (k >= 0 && (best < 0 || k < best))
                best = k;
        }
    /* A diacritic lost on one side only: ICAO "MUELLER" (from Müller)
     * against a certificate's OCR "MULLER".  Undoing the ICAO digraphs is a
     * spelling variant, allowed under the same conditions as OCR noise. */
    if (best < 0 && allow_noise) {
        char d[2][2][ID_NAME_MAX];
        for (int side = 0; side < 2; side++)
            for (int part = 0; part < 2; part++)
                undo_digraphs(n[side][ID_FORM_ICAO][part], d[side][part], ID_NAME_MAX);
        for (int f = 0; f < ID_FORM_COUNT && best < 0; f++) {
            if (agree(d[0][0], d[0][1], a->name_truncated, n[1][f][0], n[1][f][1], b->name_truncated, false) >= 0 ||
                agree(n[0][f][0], n[0][f][1], a->name_truncated, d[1][0], d[1][1], b->name_truncated, false) >= 0)
                best = 2;
        }
    }
    if (best >= 0) {
        r->prefix_used = best == 1;
        r->noise_tolerated = best == 2;
        return ID_SAME;
    }
    /* Which part disagrees?  Judge by the best surname agreement. */
    bool surname_same = false, given_same = false, partial = false;
    for (int fa = 0; fa < ID_FORM_COUNT; fa++)
        for (int fb = 0; fb < ID_FORM_COUNT; fb++) {
            if (strcmp(n[0][fa][0], n[1][fb][0]) == 0)
                surname_same = true;
            if (strcmp(n[0][fa][1], n[1][fb][1]) == 0)
                given_same = true;
        }
    bool ga = n[0][0][1][0] != '\0', gb = n[1][0][1][0] != '\0';
    if (surname_same && (!ga || !gb)) {
        r->uncompared |= ID_F_GIVEN;
        return ID_UNSURE;
    }
    if (surname_same && !given_same) {
        char fa1[ID_NAME_MAX], fb1[ID_NAME_MAX];
        for (int fa = 0; fa < ID_FORM_COUNT && !partial; fa++)
            for (int fb = 0; fb < ID_FORM_COUNT && !partial; fb++) {
                first_given(a->given_names, (id_form)fa, fa1, sizeof fa1);
                first_given(b->given_names, (id_form)fb, fb1, sizeof fb1);
                partial = fa1[0] != '\0' && strcmp(fa1, fb1) == 0;
            }
        if (partial) {
            r->given_partial = true;
            r->uncompared |= ID_F_GIVEN;
            return ID_UNSURE;
        }
    }
    if (!surname_same)
        r->differs |= ID_F_SURNAME;
    if (!given_same)
        r->differs |= ID_F_GIVEN;
    return ID_DIFFERENT;
}

static const char *canon_nationality(const char *c)
{
    return strcmp(c, "D") == 0 ? "DEU" : c;
}

static void list_fields(unsigned bits, bool uk, char *out, size_t outsize)
{
    static const char *const en[] = {"surname", "given names", "date of birth", "nationality"};
    static const char *const ukn[] = {"прізвище", "імена", "дата народження", "громадянство"};
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < 4; i++) {
        if (!(bits & (1u << i)))
            continue;
        int w = snprintf(out + n, outsize - n, "%s%s", n ? ", " : "", uk ? ukn[i] : en[i]);
        if (w < 0 || (size_t)w >= outsize - n)
            break;
        n += (size_t)w;
    }
}

id_verdict identity_compare(const id_person *a, const id_person *b, id_result *r)
{
    memset(r, 0, sizeof *r);
    bool dob_equal = false;
    if (a->dob_state == ID_DOB_KNOWN && b->dob_state == ID_DOB_KNOWN) {
        dob_equal = vdate_to_days(a->dob) == vdate_to_days(b->dob);
        if (!dob_equal)
            r->differs |= ID_F_DOB;
    } else if (a->dob_state == ID_DOB_UNREADABLE || b->dob_state == ID_DOB_UNREADABLE) {
        r->uncompared |= ID_F_DOB;
    }
    if (a->nationality != NULL && b->nationality != NULL) {
        if (*a->nationality == '\0' || *b->nationality == '\0')
            r->uncompared |= ID_F_NATIONALITY;
        else if (strcmp(canon_nationality(a->nationality), canon_nationality(b->nationality)) != 0)
            r->differs |= ID_F_NATIONALITY;
    }
    id_verdict nv = identity_names_match(a, b, dob_equal, r);
    if (r->differs)
        r->verdict = ID_DIFFERENT;
    else if (r->uncompared || nv != ID_SAME)
        r->verdict = ID_UNSURE;
    else
        r->verdict = ID_SAME;

    char en[ID_WHY_MAX / 2], uk[ID_WHY_MAX];
    if (r->verdict == ID_DIFFERENT) {
        list_fields(r->differs, false, en, sizeof en);
        list_fields(r->differs, true, uk, sizeof uk);
        snprintf(r->why_en, sizeof r->why_en, "differ: %s", en);
        snprintf(r->why_uk, sizeof r->why_uk, "не збігаються: %s", uk);
    } else if (r->verdict == ID_UNSURE) {
        list_fields(r->uncompared, false, en, sizeof en);
        list_fields(r->uncompared, true, uk, sizeof uk);
        if (r->given_partial) {
            snprintf(r->why_en, sizeof r->why_en, "given names agree only in part");
            snprintf(r->why_uk, sizeof r->why_uk, "імена збігаються лише частково");
        } else {
            snprintf(r->why_en, sizeof r->why_en, "could not compare: %s", en);
            snprintf(r->why_uk, sizeof r->why_uk, "не вдалося порівняти: %s", uk);
        }
    } else if (r->noise_tolerated) {
        snprintf(r->why_en, sizeof r->why_en, "match (one letter differs, tolerated as OCR noise)");
        snprintf(r->why_uk, sizeof r->why_uk, "збігаються (одна літера відрізняється — допустима похибка розпізнавання)");
    } else if (r->prefix_used) {
        snprintf(r->why_en, sizeof r->why_en, "match (name shortened in the MRZ)");
        snprintf(r->why_uk, sizeof r->why_uk, "збігаються (ім'я скорочене в MRZ)");
    } else {
        snprintf(r->why_en, sizeof r->why_en, "match");
        snprintf(r->why_uk, sizeof r->why_uk, "збігаються");
    }
    return r->verdict;
}
