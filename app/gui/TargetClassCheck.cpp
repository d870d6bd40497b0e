#include "TargetClassCheck.h"

#include "data/Table.h"
#include "util/Format.h"

#include <QObject>

#include <string_view>
#include <unordered_set>

namespace genrelab {

TargetClassCheck checkTargetClasses(const Column& column) {
    TargetClassCheck check;
    if (column.kind == ColumnKind::Text) {
        std::unordered_set<std::string_view> values;
        for (std::size_t r = 0; r < column.texts.size(); ++r)
            if (!column.missing[r]) values.insert(column.texts[r]);
        check.classes = values.size();
    } else {
        std::unordered_set<double> values;
        for (std::size_t r = 0; r < column.numbers.size(); ++r)
            if (!column.missing[r]) values.insert(column.numbers[r]);
        check.classes = values.size();
    }
    const QString name = QString::fromStdString(column.name);
    const QString count = QString::fromStdString(grouped(static_cast<std::int64_t>(check.classes)));
    if (check.classes > kMaxTargetClasses) {
        check.verdict = TargetClassCheck::Verdict::Refuse;
        check.message = QObject::tr("'%1' has %2 distinct values: as the target that would be %2 classes. genrelab takes at most %3 "
                                    "classes; choose a column that names a genre or another category.")
                            .arg(name, count)
                            .arg(kMaxTargetClasses);
    } else if (check.classes > kConfirmTargetClassesAbove) {
        check.verdict = TargetClassCheck::Verdict::Confirm;
        check.message = QObject::tr("'%1' has %2 distinct values: as the target that makes %2 classes. Each class needs its own "
                                    "coefficients and rows to learn from, and the views show %2 rows and columns. Make '%1' the "
                                    "target?")
                            .arg(name, count);
    }
    return check;
}

} // namespace genrelab
