// scripts/datasets.mjs — writes the built-in datasets of data.kind (iris,
// wine, breast_cancer, digits) into data/*.csv from scikit-learn's copies
// (Debian's python3-sklearn: /usr/lib/python3/dist-packages/sklearn/datasets/data/).
// It was run once; the CSV files are committed and are the source the builds
// compile in (CMakeLists.txt) or the npm module loads (web/src/lib/datasets.ts).
// Sources and licences: docs/datasets.md.
//
// Each file: a header row (the feature names as scikit-learn gives them, then
// the label column), then one row per example in scikit-learn's order. Feature
// values are scikit-learn's text, unchanged, so a float parsed from it is the
// float32 of scikit-learn's float64. Labels are the class names (text), or the
// digit itself (0..9) for digits.
//   node scripts/datasets.mjs [SKLEARN_DATA_DIR]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? '/usr/lib/python3/dist-packages/sklearn/datasets/data';

const BREAST_CANCER_FEATURES = [
  'mean radius', 'mean texture', 'mean perimeter', 'mean area', 'mean smoothness', 'mean compactness',
  'mean concavity', 'mean concave points', 'mean symmetry', 'mean fractal dimension', 'radius error',
  'texture error', 'perimeter error', 'area error', 'smoothness error', 'compactness error', 'concavity error',
  'concave points error', 'symmetry error', 'fractal dimension error', 'worst radius', 'worst texture',
  'worst perimeter', 'worst area', 'worst smoothness', 'worst compactness', 'worst concavity',
  'worst concave points', 'worst symmetry', 'worst fractal dimension',
];

const DATASETS = [
  {
    name: 'iris', file: 'iris.csv', label: 'species',
    features: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
  },
  {
    name: 'wine', file: 'wine_data.csv', label: 'class',
    features: ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids',
      'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline'],
  },
  { name: 'breast_cancer', file: 'breast_cancer.csv', label: 'diagnosis', features: BREAST_CANCER_FEATURES },
  {
    name: 'digits', file: 'digits.csv.gz', label: 'digit', headerless: true,
    features: Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`),
  },
];

for (const dataset of DATASETS) {
  const raw = readFileSync(join(source, dataset.file));
  const text = (dataset.file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  // scikit-learn's header: "n_samples,n_features,class names..."; digits has none.
  const classNames = dataset.headerless ? undefined : lines.shift().split(',').slice(2);
  const out = [[...dataset.features, dataset.label].join(',')];
  for (const line of lines) {
    const cells = line.split(',');
    if (cells.length !== dataset.features.length + 1) throw new Error(`${dataset.file}: ragged row ${line}`);
    const label = Number(cells.pop());
    out.push([...cells, classNames ? classNames[label] : String(label)].join(','));
  }
  writeFileSync(join(root, 'data', `${dataset.name}.csv`), `${out.join('\n')}\n`);
  console.log(`datasets: data/${dataset.name}.csv, ${out.length - 1} rows × ${dataset.features.length} features`);
}
