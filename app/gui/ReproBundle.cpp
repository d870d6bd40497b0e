#include "ReproBundle.h"

#include "AtomicFile.h"
#include "PlotExport.h"
#include "ResultTableView.h"
#include "Session.h"

#include "run/RunSpec.h"

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
    QDir root(dir);
    if (!root.mkpath(".") || !root.mkpath("tables") || !root.mkpath("plots")) return QObject::tr("Cannot create the folder %1").arg(dir);
    const QString hash = fileSha256(session.path());
    QStringList errors;
    auto write = [&](const QString& name, const QByteArray& bytes) {
        const QString error = writeFileAtomically(root.filePath(name), bytes);
        if (!error.isEmpty()) errors << error;
    };
    write("data.sha256", (hash + "  " + QFileInfo(session.path()).fileName() + "\n").toUtf8());
    write("session.json", QByteArray::fromStdString(session.toJson()));
    write("spec.json", QByteArray::fromStdString(specToJson(session.runSpec())));
    write("versions.txt", QString("genrelab %1\nQt %2\nEigen %3.%4.%5\nQCustomPlot %6\n%7\nwritten %8\n")
                              .arg(GENRELAB_VERSION, qVersion())
                              .arg(EIGEN_WORLD_VERSION).arg(EIGEN_MAJOR_VERSION).arg(EIGEN_MINOR_VERSION)
                              .arg(QCUSTOMPLOT_VERSION_STR, QSysInfo::prettyProductName(),
                                   QDateTime::currentDateTimeUtc().toString(Qt::ISODate))
                              .toUtf8());
    write("rerun.sh", QByteArray("#!/bin/sh\n# Reruns this result headless from its spec; compare with tables/metrics.csv.\n"
                                 "# Check the data first: sha256sum -c data.sha256\n"
                                 "cd \"$(dirname \"$0\")\" && genrelab-cli run --spec spec.json --json\n"));
    QFile::setPermissions(root.filePath("rerun.sh"), QFile::permissions(root.filePath("rerun.sh")) | QFileDevice::ExeOwner);
    for (const auto& [name, view] : tables)
        for (const char* ext : {"csv", "md", "tex", "json"}) {
            const QString error = view->saveAs(root.filePath(QString("tables/%1.%2").arg(name, ext)));
            if (!error.isEmpty()) errors << error;
        }
    for (const auto& [name, plot] : plots) {
        if (!plot->isVisible() && plot->plottableCount() == 0) continue;
        for (const char* ext : {"png", "svg"}) {
            const QString error = savePlot(plot, root.filePath(QString("plots/%1.%2").arg(name, ext)), 900, 600);
            if (!error.isEmpty()) errors << error;
        }
    }
    return errors.join('\n');
}

} // namespace genrelab
