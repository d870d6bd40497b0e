#pragma once
// The Model section: the model builder beside a live preview of what its priors mean,
// recomputed within a few milliseconds of every change (a slider drag included), and after a
// fit the fit's draws re-weighted to the changed priors (LiveReweighting, on the thread pool).
#include "LiveReweighting.h"
#include "models/ModelData.h"
#include "run/RunSpec.h"
#include "util/Cancellation.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;

namespace genrelab {

class LearningRateSweepBox;
class ModelBuilder;
class PriorPreviewPlot;
class ReweightingView;
class Session;

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(Session& session, QWidget* parent = nullptr);
    ~ModelPanel() override;
    ModelBuilder* builder() const { return builder_; }
    LearningRateSweepBox* learningRateSweep() const { return lrSweep_; }
    // What the learning-rate sweep fits each rate from: the builder's model and seed, the box's
    // rows and steps, the Data section's preparation (genrelab-cli sweep's meaning).
    RunSpec learningRateSweepBase() const;
    bool sweepingLearningRates() const { return lrSweepRunning_; }
    PriorPreviewPlot* preview() const { return preview_; }
    ReweightingView* reweightingView() const { return reweightingView_; }
    LiveReweighting& reweighting() { return reweighting_; }
    void refreshPreviewNow();
    QString previewNote() const;
    // A large table's preview rows are being prepared on a pool thread.
    bool preparingPreviewRows() const;

signals:
    // The re-weighting is unreliable and the user asks for a refit with the current priors.
    void refitRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onData();
    void runLearningRateSweep();
    Session& session_;
    ModelBuilder* builder_;
    PriorPreviewPlot* preview_;
    LearningRateSweepBox* lrSweep_;
    CancellationToken lrSweepCancel_;
    bool lrSweepRunning_ = false;
    QLabel* note_;
    ReweightingView* reweightingView_;
    LiveReweighting reweighting_;
    QTimer debounce_;
    bool previewStale_ = false;  // the spec changed while the section was hidden
    std::shared_ptr<const ModelData> previewRows_;
    int previewRequest_ = 0;  // only the newest table's rows are used
};

} // namespace genrelab
