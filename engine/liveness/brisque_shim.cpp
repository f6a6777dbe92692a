#include <opencv2/core.hpp>
#include <opencv2/quality.hpp>

#include <cstring>
#include <exception>

#include "brisque_shim.h"

static void copy_err(const char *msg, char *err, int errlen) {
    if (err == nullptr || errlen <= 0) {
        return;
    }
    std::strncpy(err, msg, errlen - 1);
    err[errlen - 1] = '\0';
}

struct brisque_holder {
    cv::Ptr<cv::quality::QualityBRISQUE> q;
};

BrisqueModel brisque_load(const char *model, const char *range, char *err, int errlen) {
    try {
        auto *h = new brisque_holder{cv::quality::QualityBRISQUE::create(model, range)};
        if (h->q.empty()) {
            delete h;
            copy_err("QualityBRISQUE::create returned nothing", err, errlen);
            return nullptr;
        }
        return h;
    } catch (const std::exception &e) {
        copy_err(e.what(), err, errlen);
        return nullptr;
    }
}

void brisque_free(BrisqueModel m) { delete static_cast<brisque_holder *>(m); }

int brisque_score(BrisqueModel m, const unsigned char *gray, int rows, int cols, double *score, char *err, int errlen) {
    try {
        cv::Mat img(rows, cols, CV_8UC1, const_cast<unsigned char *>(gray));
        *score = static_cast<brisque_holder *>(m)->q->compute(img)[0];
        return 0;
    } catch (const std::exception &e) {
        copy_err(e.what(), err, errlen);
        return -1;
    }
}

int brisque_features(const unsigned char *gray, int rows, int cols, float *out, char *err, int errlen) {
    try {
        cv::Mat img(rows, cols, CV_8UC1, const_cast<unsigned char *>(gray));
        cv::Mat f;
        cv::quality::QualityBRISQUE::computeFeatures(img, f);
        if (f.total() != 36 || f.type() != CV_32F) {
            copy_err("unexpected BRISQUE feature vector", err, errlen);
            return -1;
        }
        std::memcpy(out, f.ptr<float>(), 36 * sizeof(float));
        return 0;
    } catch (const std::exception &e) {
        copy_err(e.what(), err, errlen);
        return -1;
    }
}
