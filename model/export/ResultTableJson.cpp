#include "export/ResultTableJson.h"

#include <cmath>

namespace genrelab {

nlohmann::ordered_json toJsonValue(const ResultTable& table) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (std::size_t c = 0; c < row.size() && c < table.columns.size(); ++c) {
            const Cell& cell = row[c];
            if (const auto* s = std::get_if<std::string>(&cell)) object[table.columns[c]] = *s;
            else if (const auto* i = std::get_if<std::int64_t>(&cell)) object[table.columns[c]] = *i;
            else if (const auto* d = std::get_if<double>(&cell)) object[table.columns[c]] = std::isnan(*d) ? nlohmann::ordered_json() : nlohmann::ordered_json(*d);
            else object[table.columns[c]] = nullptr;
        }
        rows.push_back(std::move(object));
    }
    return rows;
}

} // namespace genrelab
