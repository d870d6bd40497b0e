#include "ReproBundle.h"

#include "PlotExport.h"
#include "ResultTableView.h"
#include "Session.h"

#include "export/ResultTable.h"
#include "export/RunBundle.h"
#include "run/RunSpec.h"
#include "util/AtomicFile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSysInfo>
#include <qcustomplot.h>


namespace genrelab {

QString fileSha256(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) return {};
    return QString::fromLatin1(hash.result().toHex());
}

QString writeReproBundle(const QString& dir, const Session& session, const std::vector<std::pair<QString, QCustomPlot*>>& plots,
                         const std::vector<std::pair<QString, ResultTableView*>>& tables) {
    const auto result = session.result();
    if (!result || !result->model) return QObject::tr("Train a model first: the bundle holds a run's tables and plots.");
    RunBundle bundle;
    bundle.spec = session.resultSpec();
    bundle.spec.dataPath = QFileInfo(session.path()).absoluteFilePath().toStdString();
    bundle.extensions = session.resultExtensions();
    bundle.dataSha256 = fileSha256(session.path()).toStdString();
    bundle.programFolder = QCoreApplication::applicationDirPath().toStdString();
    bundle.versions = QString("genrelab %1\nQt %2\nEigen %3.%4.%5\nQCustomPlot %6\n%7\nwritten %8\n")
                          .arg(GENRELAB_VERSION, qVersion())
                          .arg(EIGEN_WORLD_VERSION).arg(EIGEN_MAJOR_VERSION).arg(EIGEN_MINOR_VERSION)
                          .arg(QCUSTOMPLOT_VERSION_STR, QSysInfo::prettyProductName(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate))
                          .toStdString();
    const std::vector<std::string> tracks = session.table() ? trackLabelsOf(*session.table()) : std::vector<std::string>{};
    std::vector<std::pair<std::string, std::string>> files = bundleFiles(bundle, *result, tracks);
    files.emplace_back("session.json", session.toJson());
    // The tables that compare this run with the one before: shown, kept, not rerun (a rerun has one run).
    for (const auto& [name, view] : tables)
        for (const auto& [ext, format] : {std::pair{"csv", TableFormat::Csv}, {"md", TableFormat::Markdown}, {"tex", TableFormat::Latex},
                                          {"json", TableFormat::Json}})
            files.emplace_back(QString("tables/%1.%2").arg(name, ext).toStdString(), exportTable(view->tableModel()->table(), format));
    for (const auto& [name, plot] : plots) {
        if (!plot->isVisible() && plot->plottableCount() == 0) continue;
        for (const char* ext : {"png", "svg"}) {
            QByteArray bytes;
            const QString error = renderPlot(plot, ext, bytes, 900, 600);
            if (!error.isEmpty()) return QDir(dir).filePath(QString("plots/%1.%2").arg(name, ext)) + ": " + error;
            files.emplace_back(QString("plots/%1.%2").arg(name, ext).toStdString(), bytes.toStdString());
        }
    }
    try {
        writeBundleFiles(QFile::encodeName(dir).toStdString(), files, {"genrelab", "export bundle"});
    } catch (const FileWriteError& error) {
        return QString::fromLocal8Bit(error.what());
    }
    return {};
}

} // namespace genrelab
