// Title tokens (models/TitleTokens.h): words, character 3-grams and markers of awkward titles
// (quotes, brackets, non-Latin scripts, empty, malformed and 10,000-character titles), and the
// vocabulary learnt on training titles.
#include "models/TitleTokens.h"

#include <QtTest>

#include <algorithm>
#include <string>
#include <vector>

using namespace genrelab;

namespace {

bool has(const std::vector<std::string>& tokens, const std::string& token) {
    return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

} // namespace

class TestTitleTokens : public QObject {
    Q_OBJECT
private slots:
    void tokenizesWordsNgramsAndMarkers() {
        const auto tokens = titleTokens("Song (feat. MC Ren) - Remix");
        for (const char* t : {"w:song", "w:feat", "w:mc", "w:ren", "w:remix", "c:#re", "c:rem", "c:mix", "c:ix#", "m:bracket"})
            QVERIFY2(has(tokens, t), t);
        QVERIFY(!has(tokens, "m:quote"));
        QVERIFY(!has(tokens, "m:non-latin"));
        QVERIFY(std::is_sorted(tokens.begin(), tokens.end()));
        QVERIFY(std::adjacent_find(tokens.begin(), tokens.end()) == tokens.end());  // each at most once
        // A short word gives its padded 3-grams: "ab" -> "#ab", "ab#".
        QCOMPARE(titleTokens("ab"), (std::vector<std::string>{"c:#ab", "c:ab#", "w:ab"}));
    }

    void tokenizesQuotesAndBrackets() {
        const auto tokens = titleTokens("\"Hello\" [Live] \u2018Acoustic\u2019");
        QVERIFY(has(tokens, "m:quote"));
        QVERIFY(has(tokens, "m:bracket"));
        QVERIFY(has(tokens, "w:hello"));
        QVERIFY(has(tokens, "w:live"));
        QVERIFY(has(tokens, "w:acoustic"));  // the typographic quotes split, not join
        QVERIFY(!has(tokens, "w:\"hello\""));
    }

    void tokenizesNonLatinScriptsByCodePoint() {
        const auto cjk = titleTokens("\u6771\u4eac (Tokyo)");  // 東京
        QVERIFY(has(cjk, "w:\u6771\u4eac"));
        QVERIFY(has(cjk, "c:#\u6771\u4eac"));
        QVERIFY(has(cjk, "c:\u6771\u4eac#"));
        QVERIFY(has(cjk, "m:non-latin"));
        QVERIFY(has(cjk, "w:tokyo"));
        const auto cyrillic = titleTokens("\u041f\u0440\u0438\u0432\u0435\u0442");  // Привет: 6 code points, 12 bytes
        QVERIFY(has(cyrillic, "w:\u041f\u0440\u0438\u0432\u0435\u0442"));
        int grams = 0;
        for (const auto& t : cyrillic) grams += t.rfind("c:", 0) == 0;
        QCOMPARE(grams, 6);  // "#" + 6 + "#" = 8 code points: 6 windows (bytes would give 12)
        QVERIFY(has(titleTokens("Caf\u00c9"), "w:caf\u00e9"));  // Latin-1 capitals lowercased
        QVERIFY(!has(titleTokens("Caf\u00e9"), "m:non-latin"));
    }

    void tokenizesEmptyMalformedAndHugeTitles() {
        QCOMPARE(titleTokens(""), std::vector<std::string>{"m:empty"});
        QCOMPARE(titleTokens("   -- !"), std::vector<std::string>{"m:empty"});
        QCOMPARE(titleTokens("()"), (std::vector<std::string>{"m:bracket", "m:empty"}));
        // Malformed UTF-8 (a lone continuation byte, a truncated sequence) separates words, never crashes.
        const auto malformed = titleTokens(std::string("ab\xff" "cd\xe6\x9d", 7));
        QVERIFY(has(malformed, "w:ab"));
        QVERIFY(has(malformed, "w:cd"));
        // 10,000 characters: one word cut at 64 code points, four tokens, fast.
        const auto start = std::chrono::steady_clock::now();
        const auto huge = titleTokens(std::string(10000, 'a'));
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        QCOMPARE(huge, (std::vector<std::string>{"c:#aa", "c:aa#", "c:aaa", "w:" + std::string(64, 'a')}));
        QVERIFY2(ms < 100.0, qPrintable(QString::number(ms)));
        std::string words;
        for (int i = 0; i < 2000; ++i) words += "la" + std::to_string(i % 50) + " ";
        QVERIFY(titleTokens(words).size() < 400);  // distinct tokens only
    }

    void vocabularyKeepsFrequentTokensAndEncodesUnitRows() {
        const std::vector<std::string> titles = {"Remix", "remix live", "Live", "x"};
        const TitleVocabulary vocabulary(titles, 2, 100);
        // In >= 2 titles: w:remix, c:#re, c:rem, c:emi, c:mix, c:ix#, w:live, c:#li, c:liv, c:ive, c:ve#.
        QCOMPARE(vocabulary.size(), std::size_t{11});
        QVERIFY(has(vocabulary.tokens(), "w:remix"));
        QVERIFY(!has(vocabulary.tokens(), "w:x"));
        const SparseRows rows = vocabulary.encode({"REMIX!", "nothing known", ""});
        QCOMPARE(rows.rows(), std::size_t{3});
        QCOMPARE(rows.idsOf(0).size(), std::size_t{6});
        for (double v : rows.valuesOf(0)) QCOMPARE(v, 1.0 / std::sqrt(6.0));
        QCOMPARE(rows.idsOf(1).size(), std::size_t{0});
        QCOMPARE(rows.idsOf(2).size(), std::size_t{0});
        QCOMPARE(TitleVocabulary(titles, 2, 3).size(), std::size_t{3});  // the most frequent kept
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TitleVocabulary(titles, 0, 10));
    }
};

QTEST_APPLESS_MAIN(TestTitleTokens)
#include "tst_titletokens.moc"
