#include "ExperimentsPanel.h"

#include "Session.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace genrelab {

ExperimentsPanel::ExperimentsPanel(Session& session, QWidget* parent) : QWidget(parent) {
    auto* text = new QLabel(tr("<h3>Experiments</h3><p>The study's ten experiments as a preset, repeated over seeds, "
                               "nu × tau sweeps and VI-against-MCMC comparisons come here. Meanwhile, the current "
                               "choices rerun headless with this command (it updates as you change them):</p>"),
                            this);
    text->setWordWrap(true);
    auto* command = new QPlainTextEdit(this);
    command->setReadOnly(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(command, 1);
    auto update = [command, &session] { command->setPlainText(session.hasData() ? session.cliCommand() : tr("(open a file first)")); };
    connect(&session, &Session::choicesChanged, this, update);
    connect(&session, &Session::dataChanged, this, update);
    update();
}

} // namespace genrelab
