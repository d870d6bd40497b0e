#pragma once
// The Experiments section. The study's experiment table, seeds and sweeps arrive with the
// experiments work; until then this section says how to reproduce a row with the CLI.
#include <QWidget>

namespace genrelab {

class Session;

class ExperimentsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentsPanel(Session& session, QWidget* parent = nullptr);
};

} // namespace genrelab
