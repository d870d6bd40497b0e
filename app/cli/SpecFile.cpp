#include "SpecFile.h"

#include "CliCommon.h"

#include "data/DataError.h"
#include "run/RunSpecJson.h"

#include <QFile>

#include <nlohmann/json.hpp>

namespace genrelab::cli {

RunSpec readSpecFile(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) throw DataError({path, 0, 0, {}}, "cannot read the spec: " + toStd(file.errorString()));
    const std::string text = file.readAll().toStdString();
    const auto json = nlohmann::ordered_json::parse(text, nullptr, false);
    if (json.is_object() && json.value("format", "") == "genrelab-session-2" && json.contains("spec"))
        return specFromJsonValue(json["spec"], path, "spec");
    return specFromJson(text, path);
}

} // namespace genrelab::cli
