// api/data_api.cpp — adapter between the CSV reader and dataset registry and
// the JavaScript binding (see data_api.hpp).
#include "api/data_api.hpp"

#include <nlohmann/json.hpp>

#include "actlab/csv.hpp"
#include "actlab/datasets.hpp"
#include "actlab/schema.hpp"

namespace actlab::api {

Status data_from_csv(std::string_view text, int by, std::string_view name, double index, DataConfig* data,
                     std::string* meta_json) {
  CsvLabel label;
  label.by = by == 1 ? CsvLabel::By::name : by == 2 ? CsvLabel::By::index : CsvLabel::By::last;
  label.name = std::string(name);
  label.index = index;
  Status s = actlab::data_from_csv(text, label, data);
  if (!s) return s;
  // ordered_json: the instantiation the library already has (to_json, metrics).
  *meta_json = nlohmann::ordered_json{{"inputs", data->custom_inputs},
                              {"classes", data->classes},
                              {"columns", data->columns},
                              {"classNames", data->class_names},
                              {"droppedRows", data->dropped_rows}}
                   .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return Status::success();
}

Status load_dataset(std::string_view kind, std::string_view text) {
  int index = -1;
  if (!find_choice(Field::data_kind, kind, &index) || dataset_info(static_cast<DataKind>(index)) == nullptr) {
    return Status::type_error("kind must be one of iris, wine, breast_cancer, digits, got \"" +
                              std::string(kind.substr(0, 40)) + "\"");
  }
  return actlab::load_dataset(static_cast<DataKind>(index), text);
}

}  // namespace actlab::api
