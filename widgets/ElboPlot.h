#pragma once
// The ELBO as SVI runs: every step's estimate and a smoothed curve; optionally the loss (-ELBO)
// on a log scale, where late progress stays visible. While the run grows the smoothed curve is a
// trailing mean of kLiveWindow steps, which lags by (kLiveWindow - 1) / 2 steps and says so in
// its legend; finish() replaces it by a centred mean, which does not lag.
#include <QWidget>

#include <vector>

class QCheckBox;
class QCustomPlot;
class QCPGraph;

namespace genrelab {

class ElboPlot : public QWidget {
    Q_OBJECT
public:
    explicit ElboPlot(QWidget* parent = nullptr);
    void clear();
    void append(const QVector<double>& steps, const QVector<double>& elbo);  // already sorted by step
    // The curve is complete: smooth it with a centred window of centredHalfWidth(points()) steps
    // on either side.
    void finish();
    void setLogScale(bool on);
    // Pathfinder's ELBO per L-BFGS iterate is an estimate per Gaussian, not a noisy trace of one
    // fit: shown as it is, without the smoothed curve, and labelled by iteration.
    void setPerIterate(bool on);
    int points() const;
    QCustomPlot* plot() const { return plot_; }
    bool finished() const { return finished_; }
    static constexpr int kLiveWindow = 25;
    static int centredHalfWidth(int points);  // about a hundred windows over the run, at least 25 steps a side
    // The centred window reaches at most this fraction of a step's index to either side: the
    // first steps' sharp bend is kept, not averaged away.
    static constexpr double kReachPerStep = 0.2;


private:
    void applyScale();
    void rescale();
    QCheckBox* log_;
    QCustomPlot* plot_;
    QCPGraph *raw_, *smooth_;
    void setSmoothedName();
    std::vector<double> elbo_;  // every step's ELBO, as appended
    bool finished_ = false;
    int nonPositiveLosses_ = 0;  // raw steps with ELBO >= 0: a log scale cannot show their loss
};

} // namespace genrelab
