// Package face finds faces, places 68 landmarks, crops the aligned face and computes
// face-api's 128-d descriptor, then compares descriptors (Match, Compare, Similarity).
//
// The networks are face-api 1.7.15's ssd_mobilenetv1 (default detector; tiny_face_detector
// is the faster option), face_landmark_68 and face_recognition, converted from their TF.js
// weights to ONNX at load time and run on OpenCV DNN (see engine/nn). Parity with face-api
// on the tfjs cpu backend is a test (testdata/golden.json, made by testdata/gen/golden.js).
//
// Pipeline: detect every face (largest first: a document's portrait before its ghost
// image; the SSD first looks at a 320-px copy and runs at 512 only when that finds no
// large, certain face) → 68 landmarks on the detector box, then again on a square around them → the
// dlib-style box of face-api (eye/mouth centroid, side = eye-to-mouth / 0.45), turned so
// the eyes are level → 150×150 chip → descriptor averaged with the mirrored chip's.
package face
