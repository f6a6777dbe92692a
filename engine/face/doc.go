// Package face finds faces, places 68 landmarks, crops the dlib-style aligned face and
// computes face-api's 128-d descriptor, then compares descriptors. The networks are
// face-api's (tiny_face_detector, face_landmark_68, face_recognition), converted from
// their TF.js weights to ONNX at load time and run on OpenCV DNN (see engine/nn).
package face
