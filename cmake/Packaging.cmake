# CPack: `cpack -G DEB` in a build folder makes genrelab_<version>_<arch>.deb from the same
# install rules as `cmake --install` (scripts/package.sh builds, installs and tries it).
# Its Depends come from dpkg-shlibdeps reading the binaries: Qt 6 Core/Gui/Widgets/Svg/
# PrintSupport, QCustomPlot, libstdc++ and what they pull in (fonts through fontconfig).
set(GENRELAB_PACKAGE_MAINTAINER "genrelab maintainers <maintainers@users.noreply.b-seed-e136aee6.example>"
    CACHE STRING "Maintainer field of the .deb")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME genrelab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${GENRELAB_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Bayesian genre classification of music tracks (desktop app and CLI)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${GENRELAB_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The long description under the summary line; CPack indents it and marks the empty line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "genrelab reads a CSV table of audio features with a class column (such as
Kaggle's Music Genre Classification training file), reports its data quality,
and fits Bayesian classifiers (multinomial logistic regression with flat,
hierarchical and ARD priors, a small Bayesian neural network) by variational
inference, the No-U-Turn sampler or Pathfinder, with live convergence plots,
diagnostics, PSIS-LOO, prior sensitivity and simulation-based calibration.

This package holds the Qt desktop app genrelab, the command-line program
genrelab-cli with its man page, and a synthetic 2,000-row sample.")

include(CPack)
