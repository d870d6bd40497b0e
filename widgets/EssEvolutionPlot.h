#pragma once
// Bulk and tail ESS of one parameter against the total number of draws (all chains), with the
// line of 100 effective draws per chain that Vehtari et al. (2021) ask for at least. Curves that
// rise about linearly say the sampler keeps finding new information; flat ones say more draws
// of this run buy little.
#include <QWidget>

class QCustomPlot;

namespace genrelab {

struct EssEvolution;

class EssEvolutionPlot : public QWidget {
    Q_OBJECT
public:
    explicit EssEvolutionPlot(QWidget* parent = nullptr);
    void setEvolution(const QString& parameter, const EssEvolution& evolution, int chains);
    QCustomPlot* plot() const { return plot_; }

private:
    QCustomPlot* plot_;
};

} // namespace genrelab
