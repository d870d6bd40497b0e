#pragma once
// The Data section: the raw table, column roles, preparation and split choices, and the
// data-quality report with its repairs one click away.
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QTableWidget;

namespace genrelab {

class QualityReportView;
class RawTableModel;
class Session;

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(Session& session, QWidget* parent = nullptr);
    QualityReportView* report() const { return report_; }
    RawTableModel* tableModel() const { return tableModel_; }
    QTableWidget* roles() const { return roles_; }
    QComboBox* artistColumn() const { return artistColumn_; }
    QComboBox* titleColumn() const { return titleColumn_; }
    void applySuggestedRepairs();
    // Makes a column the target (the file is read again), after confirming a target with
    // hundreds of classes and refusing one with too many (TargetClassCheck.h). Returns whether
    // the change was requested.
    bool requestTarget(const QString& column);

signals:
    void targetChangeRequested(const QString& target);

private:
    void onData();
    void pushChoices();
    void pullChoices();
    void showTableTarget();

    Session& session_;
    QComboBox* target_;
    QTableView* table_;
    RawTableModel* tableModel_;
    QTableWidget* roles_;
    QualityReportView* report_;
    QComboBox* imputation_;
    QDoubleSpinBox* fill_;
    QCheckBox *indicators_, *repairUnits_, *standardize_;
    QComboBox* trainSize_;
    QSpinBox *trainCount_, *testCount_, *splitSeed_;
    QCheckBox* testDefault_;
    // Column roles: the group columns and how an artist field names several artists.
    QComboBox *artistColumn_, *titleColumn_;
    QLineEdit* separators_;
    QComboBox *splitKind_, *duplicates_;
    QCheckBox* artifactFeatures_;
    QCheckBox* suspiciousAsMissing_;
    bool updating_ = false;
};

} // namespace genrelab
