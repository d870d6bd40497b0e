#pragma once
// The live convergence dashboard: R-hat, bulk and tail ESS, divergences, tree-depth hits and
// E-BFMI per chain, each with a traffic light (R-hat <= 1.01, ESS >= 400, E-BFMI >= 0.3).
#include "eval/LiveConvergence.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace genrelab {

class ConvergenceDashboard : public QWidget {
    Q_OBJECT
public:
    explicit ConvergenceDashboard(QWidget* parent = nullptr);
    void setSnapshot(const ConvergenceSnapshot& snapshot);
    void clear();
    const ConvergenceSnapshot& snapshot() const { return snapshot_; }
    QString verdict() const;
    static QColor lightColour(Light light);

private:
    ConvergenceSnapshot snapshot_;
    QTableWidget* table_;
    QLabel* verdict_;
};

} // namespace genrelab
