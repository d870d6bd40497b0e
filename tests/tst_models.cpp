// Every model's gradient against central finite differences, with and without minibatch
// scaling; shapes, names, probabilities and prior draws; what each model declares against
// what the built model has.
#include "GradientCheck.h"
#include "models/ModelSpec.h"
#include "models/ModelTraits.h"
#include "models/ShiftCoordinates.h"
#include "util/Rng.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace genrelab;

namespace {

std::shared_ptr<const ModelData> smallData(int rows = 60, int features = 4, int classes = 3, std::uint64_t seed = 1) {
    Rng rng(seed);
    Eigen::MatrixXd x(rows, features);
    Eigen::VectorXi y(rows);
    for (int n = 0; n < rows; ++n) {
        for (int d = 0; d < features; ++d) x(n, d) = rng.normal();
        y[n] = static_cast<int>(rng.below(static_cast<std::uint64_t>(classes)));
    }
    return makeModelData(x, y, classes);
}

ModelSpec specFor(const QString& name) {
    ModelSpec spec;
    const QStringList parts = name.split(':');
    setModelByName(spec, parts[0].toStdString());
    spec.regression.coordinates = parts.contains("shift")      ? Coordinates::Shift
                                  : parts.contains("centered") ? Coordinates::Centered
                                  : parts.contains("partial")  ? Coordinates::PartiallyCentered
                                                               : Coordinates::NonCentered;
    spec.regression.partialCentering = 0.6;
    // Finite differences of 1e-6 need double arithmetic (float's rounding would swamp them).
    spec.regression.precision = parts.contains("float") ? KernelPrecision::Float : KernelPrecision::Double;
    spec.mlp.precision = spec.regression.precision;
    spec.mlp.hidden = {5, 3};
    spec.mlp.activation = parts.contains("relu") ? Activation::Relu : Activation::Tanh;
    return spec;
}

using genrelab::testing::gradientError;

} // namespace

class TestModels : public QObject {
    Q_OBJECT
private slots:
    void gradientsMatchFiniteDifferences_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"flat", "hier-studentt", "hier-studentt:centered", "hier-studentt:partial", "hier-normal",
                              "hier-normal:centered", "ard", "ard:centered", "ard:partial", "flat:shift", "hier-studentt:shift",
                              "hier-normal:shift", "ard:shift", "mlp", "mlp:relu"})
            QTest::newRow(m) << QString(m);
    }
    void gradientsMatchFiniteDifferences() {
        QFETCH(QString, model);
        const auto density = makeModel(specFor(model), smallData());
        Rng rng(7);
        Minibatch batch;
        for (int i = 0; i < 15; ++i) batch.rows.push_back(static_cast<Eigen::Index>(rng.below(60)));
        for (int point = 0; point < 3; ++point) {
            Eigen::VectorXd theta(density->dim());
            for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.7 * rng.normal();
            const double full = gradientError(*density, theta, nullptr);
            const double mini = gradientError(*density, theta, &batch);
            QVERIFY2(full < 1e-6, qPrintable(QString("full data: relative error %1").arg(full)));
            QVERIFY2(mini < 1e-6, qPrintable(QString("minibatch: relative error %1").arg(mini)));
        }
    }

    void minibatchOfAllRowsEqualsFullData() {
        const auto density = makeModel(specFor("hier-studentt"), smallData());
        Minibatch all;
        for (Eigen::Index i = 0; i < 60; ++i) all.rows.push_back(i);
        Rng rng(3);
        Eigen::VectorXd theta(density->dim()), g1, g2;
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = rng.normal();
        QVERIFY(std::fabs(density->logProbGrad(theta, g1) - density->logProbGrad(theta, g2, &all)) < 1e-9);
        QVERIFY((g1 - g2).norm() < 1e-9);
    }

    // Every regression model in float against itself in double, priors and Jacobians included.
    void floatLikelihoodAgreesWithDouble_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"flat", "hier-studentt", "hier-normal", "ard", "hier-studentt:centered", "mlp", "mlp:relu"})
            QTest::newRow(m) << QString(m);
    }
    void floatLikelihoodAgreesWithDouble() {
        QFETCH(QString, model);
        const auto data = smallData(3000, 6, 5, 4);
        const auto inDouble = makeModel(specFor(model), data), inFloat = makeModel(specFor(model + ":float"), data);
        Rng rng(9);
        for (int trial = 0; trial < 5; ++trial) {
            Eigen::VectorXd theta(inDouble->dim()), gd, gf;
            for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.5 * rng.normal();
            const double ld = inDouble->logProbGrad(theta, gd), lf = inFloat->logProbGrad(theta, gf);
            QVERIFY2(std::fabs(ld - lf) < 1e-6 * std::fabs(ld), qPrintable(QString("log density %1 vs %2").arg(ld).arg(lf)));
            // Float GEMMs over 3,000 rows round their sums (the kernel does not): 1e-5 for the MLP.
            const double tolerance = model.startsWith("mlp") ? 1e-5 : 1e-6;
            QVERIFY2((gd - gf).cwiseAbs().maxCoeff() < tolerance * std::max(1.0, gd.cwiseAbs().maxCoeff()),
                     qPrintable(QString("gradient differs by %1").arg((gd - gf).cwiseAbs().maxCoeff())));
        }
    }

    // logProbs (Pathfinder's batched draws) is logProbGrad's value: in double up to summation
    // order, in float within the kernel's 1e-7, for the linear softmax's batched kernel and for
    // the default of one logProbGrad per draw (the MLP); -inf where the density is not finite.
    void batchedLogDensitiesAreLogProbGrad_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<double>("tolerance");
        for (const char* m : {"flat", "hier-studentt", "hier-studentt:centered", "hier-studentt:partial", "hier-normal", "ard",
                              "hier-studentt:shift", "mlp"})
            QTest::newRow(m) << QString(m) << 1e-12;
        QTest::newRow("hier-studentt:float") << QString("hier-studentt:float") << 1e-7;
    }
    void batchedLogDensitiesAreLogProbGrad() {
        QFETCH(QString, model);
        QFETCH(double, tolerance);
        const auto density = makeModel(specFor(model), smallData(301, 5, 11, 6));  // 301: a block and a ragged tile
        Rng rng(11);
        Eigen::MatrixXd thetas(density->dim(), 7);
        for (Eigen::Index i = 0; i < thetas.size(); ++i) thetas.data()[i] = 0.6 * rng.normal();
        thetas(0, 6) = std::numeric_limits<double>::quiet_NaN();  // the last draw's density is not finite
        Eigen::VectorXd batched, grad;
        density->logProbs(thetas, batched);
        QCOMPARE(batched.size(), Eigen::Index{7});
        for (Eigen::Index j = 0; j < 6; ++j) {
            const double single = density->logProbGrad(thetas.col(j), grad);
            QVERIFY2(std::isfinite(single) && std::fabs(batched[j] - single) <= tolerance * std::fabs(single),
                     qPrintable(QString("draw %1: %2 vs %3").arg(j).arg(batched[j], 0, 'g', 17).arg(single, 0, 'g', 17)));
        }
        QCOMPARE(batched[6], -std::numeric_limits<double>::infinity());
    }

    // Partial centering is the same model in other coordinates: mapped to the same natural
    // coefficients, the log density differs only by the log-Jacobian of the map, which for
    // beta_tilde -> beta is sum (1 - lambda) log sigma per coefficient.
    void partialCenteringIsTheSameModel() {
        const auto data = smallData(80, 3, 3, 5);
        ModelSpec centered = specFor("hier-studentt:centered"), partial = specFor("hier-studentt:partial");
        const auto mc = makeModel(centered, data), mp = makeModel(partial, data);
        Rng rng(4);
        Eigen::VectorXd theta(mp->dim()), g;
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.7 * rng.normal();
        // Natural beta from the partial coordinates, then the centered theta holding it.
        const Eigen::VectorXd natural = mp->outputs(theta);
        Eigen::VectorXd thetaCentered = theta;
        const Eigen::Index offBeta = 3, count = 3 * 3, offSigma = offBeta + count + 3;
        thetaCentered.segment(offBeta, count) = natural.segment(offBeta, count);
        double logJacobian = 0;
        for (Eigen::Index k = 0; k < 3; ++k) logJacobian += 3 * (1.0 - 0.6) * theta[offSigma + k];  // 3 features per class
        const double lp = mp->logProbGrad(theta, g), lc = mc->logProbGrad(thetaCentered, g);
        QVERIFY2(std::fabs(lp - (lc + logJacobian)) < 1e-9, qPrintable(QString("%1 vs %2").arg(lp).arg(lc + logJacobian)));
        QCOMPARE(QString::fromStdString(mp->layout().blocks()[1].name), QString("beta_tilde"));
        partial.regression.partialCentering = 1.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeModel(partial, data));
    }

    // Shift coordinates are the same model too: at the natural parameters they map to, the log
    // density differs by the log-Jacobian -1/2 sum log P, P the summed prior precision of one
    // row of coefficients (the intercepts: K / alphaScale^2).
    void shiftCoordinatesAreTheSameModel_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"flat", "hier-studentt", "hier-normal", "ard"}) QTest::newRow(m) << QString(m);
    }
    void shiftCoordinatesAreTheSameModel() {
        QFETCH(QString, model);
        const Eigen::Index d = 3, c = 4;
        const auto data = smallData(80, d, c, 5);
        const auto shifted = makeModel(specFor(model + ":shift"), data), centered = makeModel(specFor(model + ":centered"), data);
        QCOMPARE(shifted->dim(), centered->dim());
        QVERIFY(shifted->layout().find("beta_shift") && shifted->layout().find("alpha_contrast"));
        const auto* sigmaBlock = centered->layout().find("sigma_beta");
        Rng rng(11);
        for (int point = 0; point < 3; ++point) {
            Eigen::VectorXd theta(shifted->dim()), g;
            for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.8 * rng.normal();
            Eigen::VectorXd thetaCentered = shifted->outputs(theta);  // alpha, beta, mu, sigma
            double logJacobian = -0.5 * std::log(static_cast<double>(c) / 25.0);
            if (sigmaBlock) {
                const Eigen::VectorXd sigma = thetaCentered.segment(sigmaBlock->offset, sigmaBlock->size());
                thetaCentered.segment(sigmaBlock->offset, sigmaBlock->size()) = sigma.array().log().matrix();
                for (Eigen::Index j = 0; j < d; ++j) {
                    double total = 0.0;
                    for (Eigen::Index k = 0; k < c; ++k) total += 1.0 / std::pow(sigma[sigma.size() == d ? j : k], 2);
                    logJacobian -= 0.5 * std::log(total);
                }
            } else {
                logJacobian -= 0.5 * static_cast<double>(d) * std::log(static_cast<double>(c) / 25.0);
            }
            const double ls = shifted->logProbGrad(theta, g), lc = centered->logProbGrad(thetaCentered, g);
            QVERIFY2(std::fabs(ls - (lc + logJacobian)) < 1e-9, qPrintable(QString("%1 vs %2").arg(ls).arg(lc + logJacobian)));
            // Same probabilities for any rows.
            const Eigen::MatrixXd x = Eigen::MatrixXd::Random(5, d);
            QVERIFY((shifted->classProbabilities(theta, x) - centered->classProbabilities(thetaCentered, x)).norm() < 1e-12);
        }
    }

    void shiftCoordinatesInvertAndStandardize() {
        const ShiftCoordinates shift(4);
        Rng rng(3);
        Eigen::MatrixXd coords(3, 4), means(3, 4), precisions(3, 4), beta;
        for (Eigen::Index i = 0; i < coords.size(); ++i) {
            coords(i) = rng.normal();
            means(i) = rng.normal();
            precisions(i) = std::exp(rng.normal());
        }
        shift.forward(coords, means, precisions, beta);
        Eigen::MatrixXd back(3, 4);
        shift.inverse(beta, means, precisions, back);
        QVERIFY((back - coords).norm() < 1e-12);
        // The contrasts see no shift: adding c to a row moves only that row's z, by c sqrt(P).
        Eigen::MatrixXd moved = beta;
        moved.row(1).array() += 0.5;
        shift.inverse(moved, means, precisions, back);
        QVERIFY((back.leftCols(3) - coords.leftCols(3)).norm() < 1e-12);
        QVERIFY(std::fabs(back(1, 3) - coords(1, 3) - 0.5 * std::sqrt(precisions.row(1).sum())) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ShiftCoordinates(1));
    }

    void minibatchScalesTheLikelihood() {
        // With the prior's share removed, a batch of one row repeated N times equals N x that row.
        ModelSpec spec = specFor("flat");
        spec.regression.betaScale = 1e8;  // prior nearly flat: its gradient vanishes
        spec.regression.alphaScale = 1e8;
        const auto data = smallData();
        const auto density = makeModel(spec, data);
        Eigen::VectorXd theta = Eigen::VectorXd::Constant(density->dim(), 0.1), gBatch, gRow;
        Minibatch one{{5}};
        const double lpBatch = density->logProbGrad(theta, gBatch, &one);
        const auto single = makeModel(spec, makeModelData(data->xt.col(5).transpose(), data->y.segment(5, 1), 3));
        const double lpRow = single->logProbGrad(theta, gRow);
        const double priorPart = static_cast<double>(density->dim()) * -(std::log(1e8) + 0.91893853320467274178);
        QVERIFY(std::fabs((lpBatch - priorPart) - 60.0 * (lpRow - priorPart)) < 1e-6);
        QVERIFY((gBatch - 60.0 * gRow).norm() < 1e-6);
    }

    void layoutNamesAndShapes() {
        const auto data = smallData(20, 2, 3);
        const auto flat = makeModel(specFor("flat"), data);
        QCOMPARE(flat->dim(), Eigen::Index{3 + 6});
        const auto names = flat->outputLayout().elementNames();
        QCOMPARE(QString::fromStdString(names[0]), QString("alpha[0]"));
        QCOMPARE(QString::fromStdString(names[3]), QString("beta[x1,0]"));
        QCOMPARE(QString::fromStdString(names[4]), QString("beta[x2,0]"));
        const auto hier = makeModel(specFor("hier-studentt"), data);
        QCOMPARE(hier->dim(), Eigen::Index{3 + 6 + 3 + 3});
        QVERIFY(hier->layout().find("beta_raw"));
        QVERIFY(hier->outputLayout().find("beta"));
        const auto ard = makeModel(specFor("ard"), data);
        QCOMPARE(ard->layout().find("sigma_beta")->size(), Eigen::Index{2});  // one per feature
        const auto mlp = makeModel(specFor("mlp"), data);
        QCOMPARE(mlp->dim(), Eigen::Index{(5 * 2 + 5) + (3 * 5 + 3) + (3 * 3 + 3)});
    }

    void nonCenteredOutputsAreTheCoefficients() {
        const auto data = smallData(20, 2, 3);
        const auto model = makeModel(specFor("hier-studentt"), data);
        Rng rng(4);
        const Eigen::VectorXd theta = model->samplePrior(rng);
        const Eigen::VectorXd out = model->outputs(theta);
        const auto* sigma = model->layout().find("sigma_beta");
        const auto* mu = model->layout().find("mu_beta");
        const auto* raw = model->layout().find("beta_raw");
        // beta[d=1, c=2] = mu[2] + sigma[2] * raw[1, 2]
        const double expected = theta[mu->offset + 2] + std::exp(theta[sigma->offset + 2]) * theta[raw->offset + 1 + 2 * 2];
        QVERIFY(std::fabs(out[raw->offset + 1 + 2 * 2] - expected) < 1e-12);
        QVERIFY(std::fabs(out[sigma->offset + 2] - std::exp(theta[sigma->offset + 2])) < 1e-12);
    }

    void probabilitiesAreDistributions_data() {
        gradientsMatchFiniteDifferences_data();
    }
    void probabilitiesAreDistributions() {
        QFETCH(QString, model);
        const auto data = smallData();
        const auto density = makeModel(specFor(model), data);
        Rng rng(11);
        const Eigen::VectorXd theta = density->samplePrior(rng);
        QVERIFY(theta.allFinite());
        const Eigen::MatrixXd p = density->classProbabilities(theta, data->xt.transpose());
        QCOMPARE(p.rows(), Eigen::Index{60});
        QCOMPARE(p.cols(), Eigen::Index{3});
        QVERIFY((p.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
        QVERIFY((p.array() >= 0.0).all());
    }

    void extremeLogitsStayFinite() {
        const auto density = makeModel(specFor("flat"), smallData());
        Eigen::VectorXd theta = Eigen::VectorXd::Constant(density->dim(), 300.0), grad;
        QVERIFY(std::isfinite(density->logProbGrad(theta, grad)));
        QVERIFY(grad.allFinite());
    }

    void modelNamesRoundTrip() {
        QStringList names;
        for (std::string_view name : modelNames()) {
            names << QString::fromStdString(std::string(name));
            ModelSpec spec;
            spec.regression.nu = 7.5;
            spec.mlp.priorScale = 0.3;
            setModelByName(spec, name);
            QCOMPARE(QString::fromStdString(std::string(modelName(spec))), names.back());
            QCOMPARE(spec.regression.nu, 7.5);  // the name sets the model, not its hyperparameters
            QCOMPARE(spec.mlp.priorScale, 0.3);
        }
        QCOMPARE(names, QStringList({"flat", "hier-studentt", "hier-normal", "ard", "mlp"}));
        QCOMPARE(QString::fromStdString(std::string(modelName(ModelSpec{}))), QString("hier-studentt"));
        ModelSpec spec;
        try {
            setModelByName(spec, "prior");  // an inference, not a model
            QFAIL("'prior' was taken as a model");
        } catch (const std::invalid_argument& e) {
            QCOMPARE(QString(e.what()), QString("unknown model 'prior' (flat, hier-studentt, hier-normal, ard, mlp)"));
        }
    }

    void hyperparametersMapToTheirFields() {
        QSet<QString> options;
        for (const auto& info : hyperparameters()) {
            options << QString::fromStdString(std::string(info.option));
            QVERIFY(!info.label.empty());
            QVERIFY(hyperparameterFromOption(info.option) == info.id);
            QVERIFY(hyperparameterInfo(info.id).option == info.option);
            ModelSpec spec;
            setHyperparameter(spec, info.id, 0.125);
            QCOMPARE(hyperparameterValue(spec, info.id), 0.125);
            for (const auto& other : hyperparameters())  // and no other
                if (other.id != info.id) QVERIFY(hyperparameterValue(spec, other.id) != 0.125);
        }
        QCOMPARE(options, QSet<QString>({"alpha-scale", "beta-scale", "nu", "mu-scale", "tau", "lambda", "prior-scale", "tau-artist", "tau-title"}));
        QVERIFY(!hyperparameterFromOption("lr"));
        ModelSpec spec;
        setHyperparameter(spec, Hyperparameter::MuScale, 2.5);
        setHyperparameter(spec, Hyperparameter::MlpPriorScale, 0.7);
        QCOMPARE(spec.regression.muScale, 2.5);
        QCOMPARE(spec.mlp.priorScale, 0.7);
    }

    // What traitsOf() declares, checked against the model makeModel() builds from the same spec.
    void declaredTraitsMatchTheBuiltModel_data() {
        QTest::addColumn<QString>("model");
        for (std::string_view name : modelNames()) QTest::newRow(std::string(name).c_str()) << QString::fromStdString(std::string(name));
    }
    void declaredTraitsMatchTheBuiltModel() {
        QFETCH(QString, model);
        const auto data = smallData(40, 4, 3, 2);  // 4 features, 3 classes: per feature and per class differ
        const ModelSpec spec = specFor(model);
        const ModelTraits traits = traitsOf(spec);
        const auto built = makeModel(spec, data);
        const ParameterLayout& layout = built->layout();
        const ParameterBlock* sigma = layout.find("sigma_beta");
        QCOMPARE(traits.hierarchical, sigma != nullptr && layout.find("mu_beta") != nullptr);
        QCOMPARE(traits.relevanceWeights, sigma != nullptr && sigma->size() == 4);
        if (sigma && !traits.relevanceWeights) QCOMPARE(sigma->size(), Eigen::Index{3});
        const ParameterBlock* beta = built->outputLayout().find("beta");
        QCOMPARE(traits.linearCoefficients, beta != nullptr && beta->rows == 4 && beta->cols == 3);
        QCOMPARE(traits.hiddenUnits, layout.find("W1") != nullptr);
        QVERIFY(!traits.groupEffects);

        // Coordinates: another choice renames the coefficient blocks iff the model declares it.
        const auto blockNames = [&](const QString& variant) {
            QStringList names;
            const auto other = makeModel(specFor(model + variant), data);
            for (const auto& b : other->layout().blocks()) names << QString::fromStdString(b.name);
            return names;
        };
        const QStringList plain = blockNames("");
        QCOMPARE(blockNames(":centered") != plain, traits.coordinates);
        QCOMPARE(blockNames(":shift").contains("beta_contrast"), traits.shiftCoordinates);
        if (!traits.shiftCoordinates) QCOMPARE(blockNames(":shift"), plain);

        // Hyperparameters: the log density at a random theta moves with a declared one and with no other.
        Rng rng(5);
        Eigen::VectorXd theta(built->dim()), grad;
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.6 * rng.normal();
        const double lp = built->logProbGrad(theta, grad);
        QVERIFY(std::isfinite(lp));
        for (const auto& info : hyperparameters()) {
            ModelSpec changed = spec;
            setHyperparameter(changed, info.id, 1.5 * hyperparameterValue(spec, info.id));
            const double moved = makeModel(changed, data)->logProbGrad(theta, grad);
            const QString what = QString::fromStdString(std::string(info.option));
            if (traits.uses(info.id)) QVERIFY2(std::fabs(moved - lp) > 1e-6, qPrintable(what + " is declared but unused"));
            else QVERIFY2(moved == lp, qPrintable(what + " changes the model but is not declared"));
        }

        // Unidentified parameters: swapping two hidden units of the first layer leaves the density.
        if (!traits.identifiedParameters) {
            const ParameterBlock *w1 = layout.find("W1"), *b1 = layout.find("b1"), *w2 = layout.find("W2");
            QVERIFY(w1 && b1 && w2);
            Eigen::VectorXd swapped = theta;
            for (Eigen::Index j = 0; j < w1->cols; ++j) std::swap(swapped[w1->index(0, j)], swapped[w1->index(1, j)]);
            std::swap(swapped[b1->index(0)], swapped[b1->index(1)]);
            for (Eigen::Index i = 0; i < w2->rows; ++i) std::swap(swapped[w2->index(i, 0)], swapped[w2->index(i, 1)]);
            QVERIFY(swapped != theta);
            QVERIFY(std::fabs(built->logProbGrad(swapped, grad) - lp) < 1e-9 * std::fabs(lp));
        }
    }

    void layoutBlocksAreFoundByName() {
        const auto data = smallData(20, 2, 3);
        const auto ard = makeModel(specFor("ard"), data);
        const ParameterLayout& out = ard->outputLayout();
        const auto names = out.elementNames();
        const ParameterBlock* beta = out.find("beta");
        QVERIFY(beta);
        QCOMPARE(QString::fromStdString(beta->rowLabel(1)), QString("x2"));
        QCOMPARE(QString::fromStdString(beta->colLabel(2)), QString("2"));  // the data name their classes 0, 1, 2
        QCOMPARE(QString::fromStdString(names[static_cast<std::size_t>(beta->index(1, 2))]), QString("beta[x2,2]"));
        const ParameterBlock* sigma = out.find("sigma_beta");
        QVERIFY(sigma);
        QCOMPARE(sigma->rows, Eigen::Index{2});
        QCOMPARE(QString::fromStdString(names[static_cast<std::size_t>(sigma->index(0))]), QString("sigma_beta[x1]"));
        QVERIFY(!out.find("sigma"));
        ParameterLayout unnamed;
        unnamed.add("z", 2, 2, Constraint::Real);
        QCOMPARE(QString::fromStdString(unnamed.find("z")->rowLabel(0)), QString("1"));  // 1-based where a block has no labels
        QCOMPARE(unnamed.find("z")->index(1, 1), Eigen::Index{3});
        QCOMPARE(QString::fromStdString(unnamed.elementNames()[3]), QString("z[2,2]"));
    }

    void invalidHyperparametersAreRefused() {
        ModelSpec spec = specFor("hier-studentt");
        spec.regression.tau = -1.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeModel(spec, smallData()));
        spec = specFor("hier-studentt");
        spec.regression.nu = 0.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeModel(spec, smallData()));
        spec = specFor("mlp");
        spec.mlp.hidden = {0};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeModel(spec, smallData()));
        ModelSpec named;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, setModelByName(named, "lasso"));
        Eigen::MatrixXd x(2, 1);
        x << 1, std::nan("");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeModelData(x, Eigen::VectorXi::Zero(2), 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeModelData(Eigen::MatrixXd::Zero(2, 1), Eigen::VectorXi::Zero(2), 1));
    }
};

QTEST_APPLESS_MAIN(TestModels)
#include "tst_models.moc"
