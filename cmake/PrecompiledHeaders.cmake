# Precompiled headers. Qt's, QCustomPlot's, Eigen's, the standard library's and the core's most
# used headers take most of a file's compile time (a test's <QtTest> alone is 5 s of its 15), and
# CI builds the project three times (plain, ASan, TSan). Parsing them once per library, and once
# for all tests, took a clean build on 2 cores from 22 to 17.5 minutes (docs/RELIABILITY.md).
# GENRELAB_PCH=OFF builds without them (an include a file forgot shows up there).
option(GENRELAB_PCH "Precompile the headers most files include" ON)

set(GENRELAB_PCH_STD <algorithm> <array> <atomic> <chrono> <cmath> <cstddef> <cstdint> <functional>
    <limits> <map> <memory> <numeric> <optional> <span> <stdexcept> <string> <string_view>
    <unordered_map> <utility> <vector>)
set(GENRELAB_PCH_QT_WIDGETS <QtWidgets> <qcustomplot.h> <QtConcurrent/QtConcurrentRun> <QFutureWatcher>)
set(GENRELAB_PCH_TEST <QtTest> <QTemporaryDir> <QJsonArray> <QJsonDocument> <QJsonObject> <QProcess>
    <QElapsedTimer> <data/Table.h> <models/ModelSpec.h> <run/RunPipeline.h> <util/Rng.h>)

# genrelab_precompile(target HEADERS...): the target's own precompiled header, when enabled.
function(genrelab_precompile target)
  if(GENRELAB_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
