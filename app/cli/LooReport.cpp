#include "LooReport.h"

#include "util/Format.h"

#include <cmath>

namespace genrelab::cli {

void writeLooJson(JsonWriter& json, const LooResult& loo) {
    json.key("loo").beginObject();
    json.field("elpd", loo.elpd).field("se", loo.se).field("p_loo", loo.pLoo);
    json.field("khat_max", loo.khatMax).field("khat_bad_share", loo.khatBadShare).field("khat_threshold", loo.khatThreshold);
    if (loo.note.empty()) json.key("note").null();
    else json.field("note", loo.note);
    json.endObject();
}

std::string looText(const LooResult& loo) {
    const auto number = [](double v, int decimals) { return std::isnan(v) ? std::string("n/a") : fixed(v, decimals); };
    std::string out = "  LOO elpd (SE)       " + number(loo.elpd, 2) + " (" + number(loo.se, 2) + ")  p_loo " + number(loo.pLoo, 2) + "\n";
    out += "  LOO k-hat           max " + number(loo.khatMax, 2) + ", " +
           (std::isnan(loo.khatBadShare) ? std::string("n/a") : percent(loo.khatBadShare)) + " of rows above " +
           number(loo.khatThreshold, 2) + "\n";
    if (!loo.note.empty()) out += "  LOO: " + loo.note + "\n";
    return out;
}

std::string logLikelihoodCsv(const Eigen::MatrixXd& logLik, std::size_t chains) {
    std::string out = "chain";
    for (Eigen::Index i = 0; i < logLik.cols(); ++i) out += ",row_" + std::to_string(i + 1);
    out += "\n";
    out.reserve(out.size() + static_cast<std::size_t>(logLik.size()) * 20);
    const Eigen::Index perChain = chains > 0 ? logLik.rows() / static_cast<Eigen::Index>(chains) : logLik.rows();
    for (Eigen::Index s = 0; s < logLik.rows(); ++s) {
        out += std::to_string(perChain > 0 ? s / perChain + 1 : 1);
        for (Eigen::Index i = 0; i < logLik.cols(); ++i) {
            const double v = logLik(s, i);
            out += ',';
            out += std::isnan(v) ? std::string("NaN") : std::isinf(v) ? std::string(v < 0 ? "-Inf" : "Inf") : shortestDouble(v);
        }
        out += '\n';
    }
    return out;
}

} // namespace genrelab::cli
