// cvwrap — OpenCV behind a C interface (see cvwrap.h).  No exception leaves
// this file: every entry point catches everything and returns a status.
#include "cvwrap.h"

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

// Wrap caller memory as a Mat without copying (OpenCV never writes to it).
cv::Mat wrap_grey(const unsigned char *grey, int width, int height, int stride)
{
    return cv::Mat(height, width, CV_8UC1, const_cast<unsigned char *>(grey),
                   static_cast<size_t>(stride));
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
    try {
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
    } catch (const std::exception &e) {
        copy_message(err, errsize, e.what());
    } catch (...) {
        copy_message(err, errsize, "unknown OpenCV error");
    }
    return CV_ERROR;
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
    try {
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
        double otsu = cv::threshold(bh, bw, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
        {
            int hist[256] = {0};
            for (int y = 0; y < bh.rows; y++) {
                const unsigned char *row = bh.ptr<unsigned char>(y);
                for (int x = 0; x < bh.cols; x++)
                    hist[row[x]]++;
            }
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
        {
            cv::Mat hl, vl;
            cv::morphologyEx(bw, hl, cv::MORPH_OPEN,
                             cv::getStructuringElement(cv::MORPH_RECT, cv::Size(61, 1)));
            cv::morphologyEx(bw, vl, cv::MORPH_OPEN,
                             cv::getStructuringElement(cv::MORPH_RECT, cv::Size(1, 61)));
            cv::bitwise_or(hl, vl, hl);
            cv::subtract(bw, hl, bw);
        }
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
        cv::findContours(joined, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
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
            if (vertical) {
                // Back to the caller's axes: transpose swaps x and y, which
                // mirrors the direction angle.
                std::swap(b.cx, b.cy);
                b.angle = 90.0f - a;
                while (b.angle > 90.0f)
                    b.angle -= 180.0f;
                while (b.angle <= -90.0f)
                    b.angle += 180.0f;
            }
            out[n++] = b;
        }
        *nout = n;
        return CV_OK;
    } catch (const std::exception &e) {
        copy_message(err, errsize, e.what());
    } catch (...) {
        copy_message(err, errsize, "unknown OpenCV error");
    }
    return CV_ERROR;
}

extern "C" cv_status cv_warp_quad(const unsigned char *grey, int width, int height, int stride,
                                  const float quad[8], unsigned char *out, int outw, int outh,
                                  int outstride, int flatten, char *err, size_t errsize)
{
    if (grey == nullptr || width <= 0 || height <= 0 || stride < width || quad == nullptr ||
        out == nullptr || outw <= 0 || outh <= 0 || outstride < outw || outw > 20000 ||
        outh > 20000) {
        copy_message(err, errsize, "cv_warp_quad: bad arguments");
        return CV_ERROR;
    }
    try {
        cv::Mat img = wrap_grey(grey, width, height, stride);
        cv::Point2f src[4], dst[4];
        for (int i = 0; i < 4; i++)
            src[i] = cv::Point2f(quad[2 * i], quad[2 * i + 1]);
        dst[0] = cv::Point2f(0, 0);
        dst[1] = cv::Point2f(static_cast<float>(outw), 0);
        dst[2] = cv::Point2f(static_cast<float>(outw), static_cast<float>(outh));
        dst[3] = cv::Point2f(0, static_cast<float>(outh));
        cv::Mat m = cv::getPerspectiveTransform(src, dst);
        cv::Mat dstm(outh, outw, CV_8UC1, out, static_cast<size_t>(outstride));
        cv::warpPerspective(img, dstm, m, cv::Size(outw, outh), cv::INTER_LINEAR,
                            cv::BORDER_CONSTANT, cv::Scalar(255));
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
    } catch (const std::exception &e) {
        copy_message(err, errsize, e.what());
    } catch (...) {
        copy_message(err, errsize, "unknown OpenCV error");
    }
    return CV_ERROR;
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
    try {
        cv::Mat img = wrap_grey(grey, width, height, stride);
        cv::Mat dstm(outh, outw, CV_8UC1, out, static_cast<size_t>(outstride));
        cv::resize(img, dstm, cv::Size(outw, outh), 0, 0,
                   (outw < width) ? cv::INTER_AREA : cv::INTER_LINEAR);
        return CV_OK;
    } catch (const std::exception &e) {
        copy_message(err, errsize, e.what());
    } catch (...) {
        copy_message(err, errsize, "unknown OpenCV error");
    }
    return CV_ERROR;
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
    try {
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
    } catch (const std::exception &e) {
        copy_message(err, errsize, e.what());
    } catch (...) {
        copy_message(err, errsize, "unknown OpenCV error");
    }
    return CV_ERROR;
}
