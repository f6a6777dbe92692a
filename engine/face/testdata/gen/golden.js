// Generates the parity fixtures in ../golden.json with face-api's own network code on the
// tfjs cpu backend (the JavaScript reference the Go/OpenCV port must agree with).
//
// Setup (once, outside the repo):
//   mkdir /tmp/gen && cd /tmp/gen && npm init -y
//   npm install @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 @vladmandic/face-api@1.7.15
// Run from the repo root:
//   NODE_PATH=/tmp/gen/node_modules node engine/face/testdata/gen/golden.js models/face-api engine/face/testdata/golden.json
//
// Inputs are synthetic and deterministic (an LCG the Go test reproduces), so no image is
// committed: only the outputs. Pixel values are integers 0..255 in NHWC RGB order.
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

// synth must match synthPixels in engine/face/parity_test.go.
function synth(h, w, seed) {
  let s = seed >>> 0;
  const d = new Float32Array(h * w * 3);
  let i = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        d[i++] = (x * 2 + y * 3 + c * 70 + (s >>> 26)) % 256;
      }
    }
  }
  return tf.tensor4d(d, [1, h, w, 3]);
}

function weightMap(dir, model) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, `${model}-weights_manifest.json`)));
  const map = {};
  for (const group of manifest) {
    const bufs = group.paths.map((p) => fs.readFileSync(path.join(dir, path.basename(p))));
    const all = Buffer.concat(bufs);
    const ab = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
    Object.assign(map, tf.io.decodeWeights(ab, group.weights));
  }
  return map;
}

function round(a) {
  return Array.from(a, (v) => Number(v.toPrecision(8)));
}

async function main() {
  const [dir, out] = process.argv.slice(2);
  await tf.setBackend('cpu');
  await tf.ready();
  const golden = { generator: 'engine/face/testdata/gen/golden.js', tfjs: tf.version.tfjs, backend: tf.getBackend(), cases: [] };

  const rec = new faceapi.FaceRecognitionNet();
  rec.loadFromWeightMap(weightMap(dir, 'face_recognition_model'));
  const lm = new faceapi.FaceLandmark68Net();
  lm.loadFromWeightMap(weightMap(dir, 'face_landmark_68_model'));
  const det = new faceapi.TinyFaceDetector();
  det.loadFromWeightMap(weightMap(dir, 'tiny_face_detector_model'));

  for (const seed of [1, 2]) {
    const x = synth(150, 150, seed);
    golden.cases.push({ model: 'face_recognition', seed, size: 150, shape: [1, 128], output: round(await (await rec.forward(x)).data()) });
  }
  {
    const x = synth(112, 112, 3);
    golden.cases.push({ model: 'face_landmark_68', seed: 3, size: 112, shape: [1, 136], output: round(await (await lm.forward(x)).data()) });
  }
  {
    const x = synth(160, 160, 4);
    const y = await det.forward(x, 160); // NHWC [1, 5, 5, 25]
    golden.cases.push({ model: 'tiny_face_detector', seed: 4, size: 160, shape: y.shape, output: round(await y.data()) });
  }
  {
    // SSD: face-api's decoded per-anchor output (before NMS); every 16th anchor is kept to
    // keep the fixture small.
    const ssd = new faceapi.SsdMobilenetv1();
    ssd.loadFromWeightMap(weightMap(dir, 'ssd_mobilenetv1_model'));
    const { boxes, scores } = await ssd.forward(synth(512, 512, 5));
    const b = await boxes[0].data();
    const sc = await scores[0].data();
    const sample = [];
    for (let i = 0; i < sc.length; i += 16) sample.push(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3], sc[i]);
    golden.cases.push({ model: 'ssd_mobilenetv1', seed: 5, size: 512, shape: [sample.length / 5, 5], output: round(sample) });
  }
  fs.writeFileSync(out, `${JSON.stringify(golden)}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
