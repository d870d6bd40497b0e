#pragma once
// The numbers behind the workflow plots (rank plots, ESS evolution, LOO-PIT, class contrasts),
// as tables for CSV and the other table exports.
#include "eval/ChainRanks.h"
#include "eval/ClassContrasts.h"
#include "eval/EssEvolution.h"
#include "export/ResultTable.h"

#include <string>
#include <vector>

namespace genrelab {

// chain, kind ("histogram": x the bin's upper edge, count its draws; "ecdf": x the point z,
// count the chain's fractional ranks at or below it, with the band's counts).
ResultTable chainRanksTable(const std::string& parameter, const ChainRanks& ranks);
ResultTable essEvolutionTable(const std::string& parameter, const EssEvolution& evolution, int chains);
// rows: the training row each PIT value belongs to (its index among the training rows).
ResultTable looPitTable(const std::vector<double>& pit, const std::vector<double>& khat);
ResultTable contrastTable(const std::vector<ContrastAgreement>& rows, const std::string& nameA, const std::string& nameB);

} // namespace genrelab
