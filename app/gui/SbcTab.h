#pragma once
// The Experiments section's simulation-based calibration: choose a model, an inference and the
// study's size, run it on the pool (simulations on both cores, progress, cancel), read a p-value
// and a band verdict per quantity, see its rank histogram and ECDF difference, export the files
// genrelab-cli sbc writes and the plots as PNG.
#include "experiments/Sbc.h"
#include "util/Cancellation.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace genrelab {

class JobProgress;
class ResultTableView;
class SbcQuantityPlots;
class Session;

class SbcTab : public QWidget {
    Q_OBJECT
public:
    explicit SbcTab(Session& session, QWidget* parent = nullptr);
    ~SbcTab() override;

    void run();
    void cancel();
    bool busy() const { return job_.isRunning(); }
    // Writes sbc_ranks.csv, sbc_histogram.csv, sbc_ecdf.csv, sbc.json and a PNG of both plots
    // per quantity into dir. Empty string on success, else the message.
    QString exportTo(const QString& dir) const;
    void showQuantity(int index);

    QComboBox* model() const { return model_; }
    QComboBox* inference() const { return inference_; }
    QComboBox* features() const { return features_; }
    QSpinBox* simulations() const { return simulations_; }
    QSpinBox* rows() const { return rows_; }
    QSpinBox* draws() const { return draws_; }
    ResultTableView* quantities() const { return quantities_; }
    SbcQuantityPlots* plots() const { return plots_; }
    QLabel* status() const { return status_; }
    const SbcResult* result() const { return result_.get(); }

signals:
    void finished();

private:
    SbcOptions options() const;
    void setBusy(bool busy);
    void showResult(std::shared_ptr<const SbcResult> result, const SbcOptions& options);

    Session& session_;
    QComboBox *model_, *inference_, *features_;
    QSpinBox *simulations_, *rows_, *draws_, *seed_;
    QPushButton *run_, *cancel_, *export_;
    QProgressBar* progress_;
    JobProgress* progressEta_;  // the bar's count, time taken and time left
    QLabel* status_;
    ResultTableView* quantities_;
    SbcQuantityPlots* plots_;
    std::shared_ptr<const SbcResult> result_;
    SbcOptions resultOptions_;
    CancellationToken stop_;
    QFutureWatcher<void> job_;
};

} // namespace genrelab
