// C interface to OpenCV's cv::quality::QualityBRISQUE (opencv_contrib's quality module;
// gocv v0.31 has no wrapper). See brisque.go.
#ifndef KYCD_LIVENESS_BRISQUE_SHIM_H
#define KYCD_LIVENESS_BRISQUE_SHIM_H

#ifdef __cplusplus
extern "C" {
#endif

typedef void *BrisqueModel;

// brisque_load loads the SVM model and the feature range; NULL on failure, with the
// OpenCV message copied into err (errlen bytes).
BrisqueModel brisque_load(const char *model, const char *range, char *err, int errlen);
void brisque_free(BrisqueModel m);
// brisque_score scores a continuous 8-bit gray image into *score (0 best … 100 worst);
// 0 on success, -1 on failure with the message in err.
int brisque_score(BrisqueModel m, const unsigned char *gray, int rows, int cols, double *score, char *err, int errlen);
// brisque_features writes the 36 BRISQUE features of the image into out; 0 on success.
int brisque_features(const unsigned char *gray, int rows, int cols, float *out, char *err, int errlen);

#ifdef __cplusplus
}
#endif

#endif
