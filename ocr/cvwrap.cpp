// cvwrap — OpenCV behind a C interface (see cvwrap.h).  No exception leaves
// this file: every entry point catches everything and returns a status.
#include "cvwrap.h"

#include <cstring>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

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
