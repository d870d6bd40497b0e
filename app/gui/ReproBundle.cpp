#include "ReproBundle.h"

#include "AtomicFile.h"
#include "PlotExport.h"
#include "ResultTableView.h"
#include "Session.h"

#include "export/ResultTable.h"
#include "run/RunSpec.h"
#include "util/OutputSet.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSysInfo>
#include <qcustomplot.h>

#include <filesystem>
#include <system_error>

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
    for (const char* sub : {"", "tables", "plots"}) {
        std::error_code error;
        std::filesystem::path folder(QFile::encodeName(dir).toStdString());
        if (*sub) folder /= sub;
        std::filesystem::create_directories(folder, error);
        if (error) return QObject::tr("%1: cannot create the folder: %2").arg(QFile::decodeName(folder.c_str()), QString::fromStdString(error.message()));
    }
    const QDir root(dir);
    const QString hash = fileSha256(session.path());
    std::vector<FileContent> files;
    auto add = [&](const QString& name, const QByteArray& bytes) { files.push_back({QFile::encodeName(root.filePath(name)).toStdString(), bytes.toStdString()}); };
    add("data.sha256", (hash + "  " + QFileInfo(session.path()).fileName() + "\n").toUtf8());
    add("session.json", QByteArray::fromStdString(session.toJson()));
    add("spec.json", QByteArray::fromStdString(specToJson(session.runSpec())));
    add("versions.txt", QString("genrelab %1\nQt %2\nEigen %3.%4.%5\nQCustomPlot %6\n%7\nwritten %8\n")
                            .arg(GENRELAB_VERSION, qVersion())
                            .arg(EIGEN_WORLD_VERSION).arg(EIGEN_MAJOR_VERSION).arg(EIGEN_MINOR_VERSION)
                            .arg(QCUSTOMPLOT_VERSION_STR, QSysInfo::prettyProductName(),
                                 QDateTime::currentDateTimeUtc().toString(Qt::ISODate))
                            .toUtf8());
    add("rerun.sh", QByteArray("#!/bin/sh\n# Reruns this result headless from its spec; compare with tables/metrics.csv.\n"
                               "# Check the data first: sha256sum -c data.sha256\n"
                               "cd \"$(dirname \"$0\")\" && genrelab-cli run --spec spec.json --json\n"));
    for (const auto& [name, view] : tables)
        for (const auto& [ext, format] : {std::pair{"csv", TableFormat::Csv}, {"md", TableFormat::Markdown}, {"tex", TableFormat::Latex},
                                          {"json", TableFormat::Json}})
            add(QString("tables/%1.%2").arg(name, ext), QByteArray::fromStdString(exportTable(view->tableModel()->table(), format)));
    for (const auto& [name, plot] : plots) {
        if (!plot->isVisible() && plot->plottableCount() == 0) continue;
        for (const char* ext : {"png", "svg"}) {
            QByteArray bytes;
            const QString error = renderPlot(plot, ext, bytes, 900, 600);
            if (!error.isEmpty()) return root.filePath(QString("plots/%1.%2").arg(name, ext)) + ": " + error;
            add(QString("plots/%1.%2").arg(name, ext), bytes);
        }
    }
    // One set under the folder's lock, with bundle.manifest.json: a failure on any file keeps the
    // previous bundle whole, and a reader can tell the files of one bundle.
    OutputSet set;
    set.folder = QFile::encodeName(dir).toStdString();
    set.name = "bundle";
    set.files = std::move(files);
    set.command = {"genrelab", "export bundle"};
    try {
        writeOutputSet(set);
    } catch (const FileWriteError& error) {
        return QString::fromLocal8Bit(error.what());
    }
    QFile::setPermissions(root.filePath("rerun.sh"), QFile::permissions(root.filePath("rerun.sh")) | QFileDevice::ExeOwner);
    return {};
}

} // namespace genrelab
