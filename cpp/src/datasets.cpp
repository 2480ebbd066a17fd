// datasets.cpp — the registry of the real datasets (actlab/datasets.hpp):
// their shapes, their CSV texts (compiled in, or loaded at run time) and the
// examples read from them, once.
#include "actlab/datasets.hpp"

#include <memory>
#include <string>

#include "actlab/csv.hpp"

namespace actlab {

// Defined in the generated embedded_datasets_small.cpp (CMakeLists.txt): the
// datasets compiled into every build, iris and wine.
void provide_embedded_small_datasets();

namespace {

constexpr DatasetInfo kDatasets[] = {
    {DataKind::iris, "iris", 150, 4, 3},
    {DataKind::wine, "wine", 178, 13, 3},
    {DataKind::breast_cancer, "breast_cancer", 569, 30, 2},
    {DataKind::digits, "digits", 1797, 64, 10},
};
constexpr int kDatasetCount = static_cast<int>(sizeof kDatasets / sizeof kDatasets[0]);

struct Slot {
  std::string_view text;               // compiled-in text, read on first use
  std::unique_ptr<DataConfig> parsed;  // its examples
};

int slot_of(DataKind kind) {
  for (int i = 0; i < kDatasetCount; ++i)
    if (kDatasets[i].kind == kind) return i;
  return -1;
}

Slot* storage() {
  static Slot all[kDatasetCount];
  return all;
}

// The slots, with the compiled-in texts provided on first use.
Slot* slots() {
  static const bool provided = (provide_embedded_small_datasets(), true);
  (void)provided;
  return storage();
}

// Reads a dataset's text and checks it has the dataset's shape.
Status read_dataset(const DatasetInfo& info, std::string_view text, std::unique_ptr<DataConfig>* out) {
  auto data = std::make_unique<DataConfig>();
  Status s = data_from_csv(text, CsvLabel{}, data.get());
  if (!s) return Status::type_error(std::string(info.name) + ": " + s.message);
  if (data->n != info.rows || data->custom_inputs != info.inputs || data->classes != info.classes ||
      data->dropped_rows != 0) {
    return Status::type_error(std::string(info.name) + " must have " + std::to_string(info.rows) + " rows × " +
                              std::to_string(info.inputs) + " features and " + std::to_string(info.classes) +
                              " classes, got " + std::to_string(data->n) + " × " + std::to_string(data->custom_inputs) +
                              " and " + std::to_string(data->classes) + " (is it data/" + info.name + ".csv?)");
  }
  *out = std::move(data);
  return Status::success();
}

}  // namespace

const DatasetInfo* dataset_info(DataKind kind) {
  const int i = slot_of(kind);
  return i < 0 ? nullptr : &kDatasets[i];
}

void provide_dataset_text(DataKind kind, std::string_view static_text) {
  const int i = slot_of(kind);
  if (i >= 0 && !storage()[i].parsed) storage()[i].text = static_text;
}

bool dataset_available(DataKind kind) {
  const int i = slot_of(kind);
  return i >= 0 && (slots()[i].parsed != nullptr || !slots()[i].text.empty());
}

Status load_dataset(DataKind kind, std::string_view csv_text) {
  const int i = slot_of(kind);
  if (i < 0) return Status::type_error("not a built-in dataset");
  std::unique_ptr<DataConfig> data;
  const Status s = read_dataset(kDatasets[i], csv_text, &data);
  if (!s) return s;
  slots()[i].parsed = std::move(data);
  return Status::success();
}

const DataConfig* dataset_data(DataKind kind) {
  const int i = slot_of(kind);
  if (i < 0) return nullptr;
  Slot& slot = slots()[i];
  // A compiled-in text is our own file; a test checks that it reads.
  if (!slot.parsed && !slot.text.empty() && !read_dataset(kDatasets[i], slot.text, &slot.parsed)) return nullptr;
  return slot.parsed.get();
}

}  // namespace actlab
