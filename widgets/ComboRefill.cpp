#include "ComboRefill.h"

#include "data/Table.h"

namespace genrelab {

QStringList featureNames(const Table& table) {
    QStringList names;
    for (std::size_t c : table.featureColumns()) names << QString::fromStdString(table.column(c).name);
    return names;
}

} // namespace genrelab
