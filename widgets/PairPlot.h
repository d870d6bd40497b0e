#pragma once
// A pair plot (scatter matrix) of 2 to 4 chosen parameters over the pooled draws: histograms on
// the diagonal, every pair below it, divergent transitions in red on top. Divergences that
// gather in one corner of a pair (typically small scale, the neck of a funnel) show where the
// sampler cannot follow the posterior's geometry.
#include <Eigen/Core>

#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QCustomPlot;

namespace genrelab {

class PairPlot : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxParameters = 4;
    explicit PairPlot(QWidget* parent = nullptr);
    // The choosable parameters; the choice is kept by name where possible, else the first two.
    void setParameterNames(const QStringList& names);
    // Indices into the names of the chosen parameters, each once, in the order of the choosers.
    std::vector<int> chosen() const;
    void setChosen(const std::vector<int>& indices);
    // draws: pooled draws x chosen().size(); divergent: one flag per draw (or empty).
    void setDraws(const QStringList& names, const Eigen::MatrixXd& draws, const std::vector<bool>& divergent);
    QCustomPlot* plot() const { return plot_; }
    int divergentPoints() const { return divergentPoints_; }

signals:
    void choiceChanged();

private:
    std::vector<QComboBox*> choosers_;
    QCustomPlot* plot_;
    int divergentPoints_ = 0;
};

} // namespace genrelab
