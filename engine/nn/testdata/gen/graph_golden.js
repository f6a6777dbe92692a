// Generates ../graph_golden.json: outputs of @vladmandic/human's TF.js graph models run by
// tfjs itself (cpu backend), the JavaScript reference the Go ONNX conversion must agree with.
//
// Setup (once, outside the repo):
//   mkdir /tmp/gen && cd /tmp/gen && npm init -y && npm install @tensorflow/tfjs@4.22.0
// Run from the repo root:
//   NODE_PATH=/tmp/gen/node_modules node engine/nn/testdata/gen/graph_golden.js models/human engine/nn/testdata/graph_golden.json
//
// Inputs are synthetic and deterministic (an LCG the Go test reproduces): values in [0, 1]
// NHWC RGB, as human feeds its face crops. No image is committed, only the outputs.
//
// facemesh has three outputs; the Go conversion joins the two it uses, output_mesh (468
// points × xyz in the 192-px input) then output_faceflag, into one [1, 1405] output. Its
// entries keep a sample of that joined vector: index[i] is the position of output[i].
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

// synth must match synthInput in engine/nn/tfjs_graph_test.go.
function synth(h, w, seed) {
  let s = seed >>> 0;
  const d = new Float32Array(h * w * 3);
  let i = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        d[i++] = ((x * 2 + y * 3 + c * 70 + (s >>> 26)) % 256) / 255;
      }
    }
  }
  return tf.tensor4d(d, [1, h, w, 3]);
}

async function load(dir, name) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`)));
  const specs = [];
  const bufs = [];
  for (const g of json.weightsManifest) {
    specs.push(...g.weights);
    for (const p of g.paths) bufs.push(fs.readFileSync(path.join(dir, path.basename(p))));
  }
  const all = Buffer.concat(bufs);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy }));
}

// meshSample: every 7th value of the mesh (7 is prime to 3, so x, y and z all appear), the
// eye corner and lid points (x, y, z each) and the face flag.
const eyePoints = [33, 133, 160, 159, 158, 144, 145, 153, 263, 362, 387, 386, 385, 373, 374, 380];
function meshSample() {
  const idx = new Set();
  for (let i = 0; i < 1404; i += 7) idx.add(i);
  for (const p of eyePoints) for (let k = 0; k < 3; k++) idx.add(3 * p + k);
  idx.add(1404);
  return Array.from(idx).sort((a, b) => a - b);
}

async function main() {
  const [dir, out] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const res = {};
  for (const [name, size] of [['antispoof', 128], ['liveness', 32]]) {
    const model = await load(dir, name);
    res[name] = [];
    for (const seed of [1, 7, 42]) {
      const input = synth(size, size, seed);
      const y = model.execute(input);
      res[name].push({ seed, size, output: Array.from(await y.data(), (v) => Number(v.toPrecision(8))) });
      tf.dispose([input, y]);
    }
  }
  const mesh = await load(dir, 'facemesh');
  const index = meshSample();
  res.facemesh = [];
  for (const seed of [1, 7, 42]) {
    const input = synth(192, 192, seed);
    const ys = mesh.execute(input, ['Identity_2:0', 'Identity_1:0']); // output_mesh, output_faceflag
    const joined = tf.concat(ys, 1);
    const all = await joined.data();
    res.facemesh.push({ seed, size: 192, index, output: index.map((i) => Number(all[i].toPrecision(8))) });
    tf.dispose([input, joined, ...ys]);
  }
  // iris: the 64×64 eye crop model (71 eye contour and brow points, then 5 iris points,
  // × xyz in input pixels), one concatenated output, kept whole.
  const iris = await load(dir, 'iris');
  res.iris = [];
  for (const seed of [1, 7, 42]) {
    const input = synth(64, 64, seed);
    const y = iris.execute(input);
    res.iris.push({ seed, size: 64, output: Array.from(await y.data(), (v) => Number(v.toPrecision(8))) });
    tf.dispose([input, y]);
  }
  fs.writeFileSync(out, JSON.stringify(res, null, 1) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
