// The run spec's text forms: JSON and genrelab-cli arguments round-trip every field, refuse what
// is wrong with a message naming the key or option, and cover every member of the structs a
// RunSpec holds (a new member fails coverageOfEveryMember until the forms and this test know it).
#include "run/RunSpec.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <clocale>
#include <cstdint>
#include <string>
#include <vector>

using namespace genrelab;

namespace {

// The number of members of an aggregate: the most AnyField values it can be brace-initialized from.
struct AnyField {
    template <class T>
    operator T() const;
};
template <class T, class... Fields>
constexpr std::size_t memberCount() {
    if constexpr (requires { T{std::declval<Fields>()..., AnyField{}}; }) return memberCount<T, Fields..., AnyField>();
    else return sizeof...(Fields);
}

// Every field differs from RunSpec{} (the ones the arguments can express, for argvSpec).
RunSpec argvSpec() {
    RunSpec s;
    s.dataPath = "/data/music genre's.csv";
    s.target = "Genre";
    s.classNamesPath = "/data/names.csv";
    setModelByName(s.model, "hier-normal");
    s.inference = InferenceKind::Nuts;
    s.split.trainRows = 1234;
    s.split.testRows = 321;
    s.split.seed = 99;
    s.svi.seed = s.nuts.seed = s.pathfinder.seed = 18'446'744'073'709'551'615ULL;  // the largest seed
    s.svi.steps = 777;
    s.svi.learningRate = 0.0123456789012345;
    s.svi.batchSize = 64;
    s.svi.particles = 3;
    s.model.terms = {true, 0.7, true, 0.3, 1.5, 4, 1234, !ModelTerms{}.songCopies, !ModelTerms{}.artistSongs, 3.5};
    s.svi.convergenceTolerance = 2.5e-5;
    s.svi.reduceOnPlateau = true;
    s.guideDraws = 250;
    s.predictiveDraws = 123;
    s.sensitivity = {true, PriorGroup::Hyper};
    s.nuts.warmup = 150;
    s.nuts.samples = 175;
    s.nuts.chains = 3;
    s.nuts.threads = s.pathfinder.threads = 2;
    s.nuts.targetAccept = 0.93;
    s.nuts.maxTreeDepth = 8;
    s.nuts.denseMetric = true;
    s.nutsPilotSteps = 300;
    s.nutsInit = NutsInit::Pathfinder;
    s.pathfinder.paths = 3;
    s.pathfinder.drawsPerPath = 400;
    s.pathfinder.elboDraws = 12;
    s.pathfinder.history = 7;
    auto& r = s.model.regression;
    r.coordinates = Coordinates::PartiallyCentered;
    r.partialCentering = 0.3;
    r.precision = s.model.mlp.precision = KernelPrecision::Double;
    r.alphaScale = 2.5;
    r.betaScale = 1.25;
    r.nu = 7;
    r.muScale = 0.5;
    r.tau = 0.75;
    r.lambda = 3;
    s.model.mlp.hidden = {16, 8};
    s.model.mlp.activation = Activation::Relu;
    s.model.mlp.priorScale = 0.4;
    s.prep.imputation = Imputation::Constant;
    s.prep.constant = -1.5;
    s.prep.missingIndicators = true;
    s.prep.exclude = {"key", "mode"};
    s.prep.standardize = false;
    s.prep.repairUnits = true;
    s.prep.suspiciousAsMissing = true;
    s.prep.artifactFeatures = true;
    s.prep.groups.artistColumn = "Artist Name";
    s.prep.groups.titleColumn = "Track \"Name\"";
    s.prep.groups.artistSeparators = {" / ", " x "};
    s.prep.groups.duplicates = DuplicatePolicy::Drop;
    s.split.kind = SplitKind::Artist;
    return s;
}

// argvSpec plus every field only JSON expresses.
RunSpec fullSpec() {
    RunSpec s = argvSpec();
    s.classNames = {"Rock", "Indie \"alt\""};
    s.svi.beta1 = 0.8;
    s.svi.beta2 = 0.99;
    s.svi.epsilon = 1e-7;
    s.svi.window = 150;
    s.svi.plateauFactor = 0.25;
    s.svi.plateauPatience = 4;
    s.svi.plateauTolerance = 1e-3;
    s.svi.minLearningRate = 1e-5;
    s.svi.initScale = 0.05;
    s.svi.seed = 5;  // distinct from the NUTS seed
    s.nuts.maxDeltaH = 500;
    s.nuts.initialStepSize = 0.5;
    s.nuts.initRadius = 1.5;
    s.nuts.initialInvMetric = Eigen::VectorXd::LinSpaced(4, 0.5, 2.0);
    s.nuts.windows = {60, 40, 20};
    s.prep.features = {"tempo", "energy"};
    s.prep.unitRepairs = {UnitRepair{"duration", 100.0, 60000.0, UnitTarget::LargeUnit}};
    s.split.testRows.reset();
    s.split.testFraction = 0.3;
    s.split.testIsRest = false;
    s.split.validationRows = 50;
    s.split.validationFraction = 0.1;
    s.model.mlp.precision = KernelPrecision::Float;  // distinct from the regression's
    return s;
}

std::vector<std::string> keysOf(const nlohmann::ordered_json& object) {
    std::vector<std::string> keys;
    for (const auto& item : object.items()) keys.push_back(item.key());
    return keys;
}

QString refusal(const std::string& text) {
    try {
        specFromJson(text, "spec.json");
    } catch (const std::invalid_argument& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

QString refusal(const std::vector<std::string>& args) {
    try {
        specFromArguments(args, RunSpec{});
    } catch (const std::invalid_argument& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class TestRunSpec : public QObject {
    Q_OBJECT
private slots:
    void defaultsAreTheCoreDefaults() {
        const RunSpec d;
        QCOMPARE(d.svi.steps, std::size_t{5000});
        QCOMPARE(d.svi.learningRate, 0.01);
        QCOMPARE(d.nuts.warmup, 1000);
        QCOMPARE(d.nuts.samples, 1000);
        QCOMPARE(d.nuts.chains, 4);
        QCOMPARE(d.split.seed, std::uint64_t{1});
        QCOMPARE(std::string(modelName(d.model)), std::string("hier-studentt"));
        QVERIFY(specToArguments(d).empty());  // minimal: only what differs from the defaults
    }

    void jsonRoundTripsEveryField() {
        const RunSpec s = fullSpec();
        QVERIFY(!(s == RunSpec{}));
        const std::string text = specToJson(s);
        const RunSpec back = specFromJson(text, "full.json");
        QVERIFY2(back == s, text.c_str());
        QCOMPARE(specToJson(back), text);
        QVERIFY(specFromJson(specToJson(RunSpec{}), "default.json") == RunSpec{});
        // A spec with only some keys keeps the defaults for the rest.
        const RunSpec partial = specFromJson(R"({"format": "genrelab-runspec-1", "svi": {"steps": 42}})", "partial.json");
        RunSpec expected;
        expected.svi.steps = 42;
        QVERIFY(partial == expected);
    }

    void jsonNumbersAreExact() {
        RunSpec s;
        s.svi.learningRate = 0.1 + 0.2;  // 0.30000000000000004
        s.model.regression.tau = 1e-300;
        s.svi.seed = s.nuts.seed = 18'446'744'073'709'551'615ULL;
        const RunSpec back = specFromJson(specToJson(s), "exact.json");
        QCOMPARE(back.svi.learningRate, 0.1 + 0.2);
        QCOMPARE(back.model.regression.tau, 1e-300);
        QCOMPARE(back.svi.seed, std::uint64_t{18'446'744'073'709'551'615ULL});
    }

    // Under a decimal-comma locale both text forms write and read the same bytes as under C.
    void textFormsIgnoreTheLocale() {
        const std::string json = specToJson(fullSpec());
        const std::vector<std::string> args = specToArguments(argvSpec());
        if (!std::setlocale(LC_ALL, "de_DE.UTF-8")) QSKIP("the de_DE.UTF-8 locale is not installed (localedef -i de_DE -f UTF-8 de_DE.UTF-8)");
        const std::string decimalPoint = std::localeconv()->decimal_point;
        const std::string jsonDe = specToJson(fullSpec());
        const std::vector<std::string> argsDe = specToArguments(argvSpec());
        const bool readBack = specFromJson(json, "c.json") == fullSpec() && specFromArguments(args, RunSpec{}) == argvSpec();
        std::setlocale(LC_ALL, "C");
        QCOMPARE(decimalPoint, std::string(","));  // the locale under test writes decimal commas
        QCOMPARE(jsonDe, json);
        QVERIFY(argsDe == args);
        QVERIFY(readBack);
    }

    void argumentsRoundTripEveryOption() {
        const RunSpec s = argvSpec();
        const std::vector<std::string> args = specToArguments(s);
        QVERIFY(specFromArguments(args, RunSpec{}) == s);
        // Each option is in the list and in --help exactly once.
        for (const RunOption& option : runSpecOptions()) {
            // --no-song-copies and --no-artist-songs are the other sides of --song-copies and --artist-songs
            // (argvSpec has both terms; tst_songcopies and tst_artistsongs round-trip both sides).
            if (option.name == "prior-of" || option.name == "centered" || option.name == "shift-coordinates" ||
                option.name == "no-song-copies" || option.name == "no-artist-songs")
                continue;
            const auto times = std::count(args.begin(), args.end(), "--" + option.name);
            // --artist-separator is given once per separator (argvSpec holds two).
            QVERIFY2(times == (option.name == "artist-separator" ? 2 : 1), option.name.c_str());
        }
        // The coordinates and prior sampling, which argvSpec cannot hold at once.
        for (Coordinates c : {Coordinates::NonCentered, Coordinates::Centered, Coordinates::Shift}) {
            RunSpec t = s;
            t.model.regression.coordinates = c;
            t.model.regression.partialCentering = RunSpec{}.model.regression.partialCentering;
            QVERIFY2(specFromArguments(specToArguments(t), RunSpec{}) == t, coordinatesName(c).data());
        }
        for (const char* model : {"flat", "ard"}) {
            RunSpec prior;
            prior.inference = InferenceKind::Prior;
            setModelByName(prior.model, model);
            QVERIFY(specFromArguments(specToArguments(prior), RunSpec{}) == prior);
        }
    }

    void groupArgumentsKeepTheirMeaning() {
        RunSpec s = specFromArguments({"--artist-column", "Artist Name", "--title-column=Track Name", "--artist-separator", " / ",
                                       "--artist-separator", ";", "--duplicates", "drop", "--split", "song", "--artifact-features"},
                                      RunSpec{});
        QCOMPARE(*s.prep.groups.artistColumn, std::string("Artist Name"));
        QCOMPARE(*s.prep.groups.titleColumn, std::string("Track Name"));
        QCOMPARE(s.prep.groups.artistSeparators, (std::vector<std::string>{" / ", ";"}));  // the default list replaced
        QCOMPARE(s.prep.groups.duplicates, DuplicatePolicy::Drop);
        QCOMPARE(s.split.kind, SplitKind::Song);
        QVERIFY(s.prep.artifactFeatures);
        // An empty separator: split nothing; it round-trips through the arguments.
        s = specFromArguments({"--artist-separator", ""}, RunSpec{});
        QVERIFY(s.prep.groups.artistSeparators.empty());
        QVERIFY(specFromArguments(specToArguments(s), RunSpec{}) == s);
        // Defaults: no group columns, the documented separators, keep, random.
        const RunSpec d;
        QVERIFY(!d.prep.groups.artistColumn && !d.prep.groups.titleColumn);
        QCOMPARE(d.prep.groups.artistSeparators, (std::vector<std::string>{", ", " & ", " and ", "feat.", "ft.", "featuring"}));
        QCOMPARE(d.prep.groups.duplicates, DuplicatePolicy::Keep);
        QCOMPARE(d.split.kind, SplitKind::Random);
        for (const auto& [args, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
                 {{"--split", "songs"}, "--split takes random, song or artist, not 'songs'"},
                 {{"--duplicates", "first"}, "--duplicates takes keep, merge or drop, not 'first'"}}) {
            try {
                specFromArguments(args, RunSpec{});
                QFAIL(message.c_str());
            } catch (const std::invalid_argument& error) {
                QCOMPARE(QString(error.what()), QString::fromStdString(message));
            }
        }
        QVERIFY(refusal(R"({"format": "genrelab-runspec-1", "split": {"kind": "band"}})").contains("\"split.kind\" takes random, song or artist"));
        QVERIFY(refusal(R"({"format": "genrelab-runspec-1", "prep": {"groups": {"artist": "A"}}})").contains("\"prep.groups.artist\" is not a run spec key"));
    }

    void argumentsKeepTheirMeaning() {
        RunSpec s = specFromArguments({"--model", "prior", "--prior-of", "ard", "--inference", "nuts"}, RunSpec{});
        QCOMPARE(s.inference, InferenceKind::Prior);
        QCOMPARE(std::string(modelName(s.model)), std::string("ard"));
        s = specFromArguments({"--model", "prior"}, RunSpec{});
        QCOMPARE(std::string(modelName(s.model)), std::string("flat"));
        s = specFromArguments({"--seed", "7", "--precision=double", "--test-size", "all", "--exclude", " a, b ,"}, RunSpec{});
        QCOMPARE(s.svi.seed, std::uint64_t{7});
        QCOMPARE(s.nuts.seed, std::uint64_t{7});
        QCOMPARE(s.model.mlp.precision, KernelPrecision::Double);
        QVERIFY(s.split.testIsRest);
        QCOMPARE(s.prep.exclude, (std::vector<std::string>{"a", "b"}));
        // Options apply onto a base: what they do not name stays.
        RunSpec base;
        base.svi.steps = 123;
        base.dataPath = "x.csv";
        s = specFromArguments({"--lr", "0.5"}, base);
        QCOMPARE(s.svi.steps, std::size_t{123});
        QCOMPARE(*s.dataPath, std::string("x.csv"));
        QCOMPARE(s.svi.learningRate, 0.5);
        base.split.testRows = 100;
        s = specFromArguments({"--test-size", "all"}, base);
        QVERIFY(s.split.testIsRest && !s.split.testRows);
        s = specFromArguments({"--test-size", "50"}, s);
        QVERIFY(!s.split.testIsRest && s.split.testRows == std::size_t{50});
    }

    void argumentsRefuseWithTheOptionNamed_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("wraps to 2") << QStringList{"--chains", "4294967298"} << "--chains must be a whole number of at least 1 and at most 1024";
        QTest::newRow("above 64 bits") << QStringList{"--seed", "18446744073709551616"} << "--seed must be a whole number";
        QTest::newRow("negative") << QStringList{"--steps", "-5"} << "--steps must be a whole number of at least 1";
        QTest::newRow("zero steps") << QStringList{"--steps", "0"} << "--steps must be a whole number of at least 1";
        QTest::newRow("not a number") << QStringList{"--tau", "1,5"} << "--tau must be a positive number, not '1,5'";
        QTest::newRow("infinite") << QStringList{"--lr", "inf"} << "--lr must be a positive number";
        QTest::newRow("unknown option") << QStringList{"--stepz", "5"} << "unknown option '--stepz'";
        QTest::newRow("missing value") << QStringList{"--steps"} << "--steps needs a value";
        QTest::newRow("flag with value") << QStringList{"--plateau=1"} << "--plateau takes no value";
        QTest::newRow("two coordinates") << QStringList{"--centered", "--shift-coordinates"} << "exclude each other";
        QTest::newRow("partial 1") << QStringList{"--partial-centering", "1"} << "--partial-centering must be a number in [0, 1)";
        QTest::newRow("unknown model") << QStringList{"--model", "lasso"} << "unknown model 'lasso'";
        QTest::newRow("bad metric") << QStringList{"--metric", "full"} << "--metric takes diag or dense";
        QTest::newRow("bad hidden") << QStringList{"--hidden", "32,x"} << "--hidden takes layer sizes";
    }
    void argumentsRefuseWithTheOptionNamed() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        std::vector<std::string> argv;
        for (const QString& a : args) argv.push_back(a.toStdString());
        const QString error = refusal(argv);
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void argumentsSayWhatTheyCannotExpress() {
        RunSpec s;
        s.svi.seed = 2;  // NUTS keeps seed 1
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, specToArguments(s));
        s = RunSpec{};
        s.svi.beta1 = 0.5;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, specToArguments(s));
    }

    void jsonRefusesWithTheKeyNamed_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const QString f = R"({"format": "genrelab-runspec-1", )";
        QTest::newRow("unknown key") << f + R"("svi": {"stepz": 5}})" << R"(spec.json: "svi.stepz" is not a run spec key)";
        QTest::newRow("unknown top key") << f + R"("colour": 1})" << R"("colour" is not a run spec key)";
        QTest::newRow("wrong type") << f + R"("svi": {"steps": "many"}})" << R"("svi.steps" must be a whole number of at least 1)";
        QTest::newRow("fraction for count") << f + R"("nuts": {"chains": 2.5}})" << R"("nuts.chains" must be a whole number)";
        QTest::newRow("out of range") << f + R"("nuts": {"chains": 4294967298}})" << R"("nuts.chains" must be a whole number of at least 1 and at most 1024, not 4294967298)";
        QTest::newRow("negative") << f + R"("nuts": {"warmup": -1}})" << R"("nuts.warmup" must be a whole number)";
        QTest::newRow("negative scale") << f + R"("model": {"tau": -1}})" << R"("model.tau" must be a positive number, not -1)";
        QTest::newRow("flag type") << f + R"("prep": {"standardize": 1}})" << R"("prep.standardize" must be true or false)";
        QTest::newRow("bad name") << f + R"("model": {"name": "lasso"}})" << R"("model.name" unknown model 'lasso')";
        QTest::newRow("bad nested") << f + R"("model": {"mlp": {"hidden": [0]}}})" << R"("model.mlp.hidden" must hold whole numbers)";
        QTest::newRow("null count") << f + R"("split": {"seed": null}})" << R"("split.seed" must be a whole number)";
        QTest::newRow("no format") << R"({"svi": {}})" << R"("format" must be "genrelab-runspec-1")";
        QTest::newRow("not json") << "{" << "spec.json: not JSON";
        QTest::newRow("array") << "[1]" << "spec.json: the run spec must be a JSON object";
    }
    void jsonRefusesWithTheKeyNamed() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const QString error = refusal(text.toStdString());
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    // Pins the member count of every struct a RunSpec holds against the keys its JSON form writes
    // for it. A new member fails here: add it to specToJsonValue/specFromJsonValue (model/run/RunSpecJson.cpp), to
    // specToArguments/specFromArguments if the command line should set it, to fullSpec() above
    // and to the list below.
    void coverageOfEveryMember() {
        const auto json = nlohmann::ordered_json::parse(specToJson(fullSpec()));
        struct Coverage {
            const char* name;
            std::size_t members;
            std::vector<std::string> keys;  // the JSON keys holding its members
        };
        const auto model = json["model"];
        const std::vector<Coverage> coverage = {
            {"RunSpec", memberCount<RunSpec>(),
             // model, inference, svi, guide_draws, pathfinder, nuts, pilot_steps and init (in nuts),
             // prep, split, predictive_draws, class_names, data, target, classes, sensitivity
             {"model", "inference", "svi", "guide_draws", "pathfinder", "nuts", "nuts.pilot_steps", "nuts.init", "prep", "split",
              "predictive_draws", "class_names", "data", "target", "classes", "sensitivity"}},
            {"ModelSpec", memberCount<ModelSpec>(), {"model.name", "model (regression keys)", "model.mlp", "model.terms"}},
            {"ModelTerms", memberCount<ModelTerms>(), keysOf(model["terms"])},
            // RegressionPriorSpec::kind follows the model's name (makeModel sets it).
            {"RegressionPriorSpec", memberCount<RegressionPriorSpec>(),
             {"model.name", "alpha_scale", "beta_scale", "nu", "mu_scale", "tau", "lambda", "coordinates", "partial_centering", "precision"}},
            {"MlpSpec", memberCount<MlpSpec>(), keysOf(model["mlp"])},
            {"SviOptions", memberCount<SviOptions>(), keysOf(json["svi"])},
            {"PathfinderOptions", memberCount<PathfinderOptions>(), keysOf(json["pathfinder"])},
            // The NUTS object also holds RunSpec::nutsPilotSteps and RunSpec::nutsInit.
            {"NutsOptions", memberCount<NutsOptions>(), [&] {
                 auto keys = keysOf(json["nuts"]);
                 keys.erase(std::find(keys.begin(), keys.end(), "pilot_steps"));
                 keys.erase(std::find(keys.begin(), keys.end(), "init"));
                 return keys;
             }()},
            {"WindowParams", memberCount<WindowParams>(), keysOf(json["nuts"]["windows"])},
            {"PrepOptions", memberCount<PrepOptions>(), keysOf(json["prep"])},
            {"UnitRepair", memberCount<UnitRepair>(), keysOf(json["prep"]["unit_repairs"][0])},
            {"GroupOptions", memberCount<GroupOptions>(), keysOf(json["prep"]["groups"])},
            {"SplitOptions", memberCount<SplitOptions>(), keysOf(json["split"])},
            {"SensitivityOptions", memberCount<SensitivityOptions>(), keysOf(json["sensitivity"])},
        };
        for (const auto& c : coverage)
            QVERIFY2(c.members == c.keys.size(),
                     qPrintable(QString("%1 has %2 members but the run spec's text forms cover %3: extend specToJson/specFromJson "
                                        "in model/run/RunSpecJson.cpp (and the argument mapping in RunSpecArguments.cpp), then this test")
                                    .arg(c.name).arg(c.members).arg(c.keys.size())));
        // The model object: its regression keys, "name", "mlp" and "terms".
        QCOMPARE(keysOf(model).size(), memberCount<RegressionPriorSpec>() - 1 + 3);
        // Top level: the spec's members (pilot steps and the NUTS init sit in "nuts") plus "format".
        QCOMPARE(keysOf(json).size(), memberCount<RunSpec>() - 2 + 1);
    }
};

QTEST_APPLESS_MAIN(TestRunSpec)
#include "tst_runspec.moc"
