// Package liveness tells a live person in front of the camera from a presentation attack
// (a face shown on a screen, printed on paper or cut out).
//
// Passive (one selfie): human's antispoof (128×128) and liveness (32×32) networks, converted
// from TF.js graphs to ONNX and run on OpenCV DNN, on the crop human makes (the face box
// enlarged 1.4× and squared), combined with image cues that the networks were not trained
// for: periodic spectra (screen pixel grids and moiré, print halftone), specular glare,
// blur, the lifted black level of screens and prints, a cut-out's closed outline, a bezel's
// or paper edge's straight sides around the face (border.go), OpenCV's BRISQUE quality
// score (brisque.go, a cgo shim to opencv_contrib's quality module), face size, closed eyes
// and several faces. A logistic model fitted on the tuning half of the evaluation set
// combines them (features.go, eval_test.go).
//
// Active (kiosk): a random order of challenges (blink, turn left, turn right, open mouth)
// chosen by the server with crypto/rand, evaluated in sequence on camera frames with the 68
// landmarks (turns, mouth) and, for the blink, the eye openness that human's face mesh and
// iris models measure on the eyelids (eyelids.go), with a timeout per challenge. A replayed
// video follows its own order and fails. Tracker gives the kiosk the same judgement frame by
// frame for live prompts.
package liveness
