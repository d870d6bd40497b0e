#pragma once
// The Results section's Calibration tab: a class chooser (type to search; usable with hundreds of
// classes) between "top class", the reliability diagram of the confidence over the three splits
// with its bins, and one class against the rest on the test rows: its CORP reliability diagram
// with consistency band and its bins with Wilson intervals (eval/ClassReliability), each beside
// its tables for export.
#include <Eigen/Core>

#include <QWidget>

#include <string>
#include <vector>

class QComboBox;
class QStackedWidget;

namespace genrelab {

class ClassReliabilityPlot;
class ReliabilityDiagram;
class ResultTableView;

class CalibrationTab : public QWidget {
    Q_OBJECT
public:
    explicit CalibrationTab(QWidget* parent = nullptr);
    // The test rows' class probabilities and labels; the chooser lists `names` after "top class"
    // and keeps the chosen class when it is still there.
    void setTestPredictions(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels, const std::vector<std::string>& names);

    QComboBox* chooser() const { return chooser_; }
    ReliabilityDiagram* topClass() const { return topClass_; }
    ResultTableView* topClassTable() const { return topClassTable_; }
    ClassReliabilityPlot* classPlot() const { return classPlot_; }
    ResultTableView* classBins() const { return classBins_; }
    ResultTableView* classCorp() const { return classCorp_; }

private:
    void showChoice();
    QComboBox* chooser_;
    QStackedWidget *plots_, *tables_;
    ReliabilityDiagram* topClass_;
    ResultTableView* topClassTable_;
    ClassReliabilityPlot* classPlot_;
    ResultTableView *classBins_, *classCorp_;
    Eigen::MatrixXd probabilities_;
    Eigen::VectorXi labels_;
    std::vector<std::string> names_;
};

} // namespace genrelab
