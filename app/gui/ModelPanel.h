#pragma once
// The Model section: the model builder beside a live preview of what its priors mean,
// recomputed within a few milliseconds of every change (a slider drag included), and after a
// fit the fit's draws re-weighted to the changed priors (LiveReweighting, on the thread pool).
#include "LiveReweighting.h"
#include "models/ModelData.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;

namespace genrelab {

class ModelBuilder;
class PriorPreviewPlot;
class ReweightingView;
class Session;

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(Session& session, QWidget* parent = nullptr);
    ModelBuilder* builder() const { return builder_; }
    PriorPreviewPlot* preview() const { return preview_; }
    ReweightingView* reweightingView() const { return reweightingView_; }
    LiveReweighting& reweighting() { return reweighting_; }
    void refreshPreviewNow();
    // A large table's preview rows are being prepared on a pool thread.
    bool preparingPreviewRows() const;

signals:
    // The re-weighting is unreliable and the user asks for a refit with the current priors.
    void refitRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onData();
    Session& session_;
    ModelBuilder* builder_;
    PriorPreviewPlot* preview_;
    QLabel* note_;
    ReweightingView* reweightingView_;
    LiveReweighting reweighting_;
    QTimer debounce_;
    bool previewStale_ = false;  // the spec changed while the section was hidden
    std::shared_ptr<const ModelData> previewRows_;
    int previewRequest_ = 0;  // only the newest table's rows are used
};

} // namespace genrelab
