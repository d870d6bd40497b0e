#!/usr/bin/env Rscript
# Reads Stan CSV files (one per chain, as `genrelab-cli run --draws-out` or the app's "Export
# draws (Stan CSV)" write them) with Stan's own R tools and prints each column's mean and R-hat:
#   rstan::read_stan_csv -> as.array -> posterior::as_draws_array, posterior::rhat.
# The same files are also read directly (comment lines dropped, read.csv, CmdStan's mean row of
# a variational file dropped as rstan does); the script stops when the two reads differ in any
# draw or column, so a printed table means rstan read every column and every draw.
# Usage: Rscript scripts/check-stan-csv.R FILE_1.csv [FILE_2.csv ...]
# Output (CSV, 17 significant digits): "chains,N", "draws,N per chain", "columns,N", then
# "variable,mean,rhat" and one row per variable as rstan counts them (every column but lp__
# and NUTS's sampler columns, in file order), lp__ last; an R-hat posterior cannot compute
# (constant draws, e.g. a variational file's lp__) is NA.
suppressPackageStartupMessages({
  library(rstan)
  library(posterior)
})

files <- commandArgs(trailingOnly = TRUE)
if (length(files) == 0) stop("usage: Rscript check-stan-csv.R FILE_1.csv [FILE_2.csv ...]")

read_direct <- function(file) {
  lines <- readLines(file)
  comments <- grepl("^#", lines)
  draws <- read.csv(text = lines[!comments], colClasses = "numeric", check.names = FALSE)
  if (any(grepl("output_samples", lines[comments]))) draws <- draws[-1, , drop = FALSE]
  # rstan's variables: every column but lp__ and NUTS's sampler columns, then lp__ (so a
  # variational file's log_p__ and log_g__ count as variables, as rstan reads CmdStan's).
  sampler <- c("lp__", "accept_stat__", "treedepth__", "stepsize__", "divergent__", "n_leapfrog__", "energy__")
  parameters <- setdiff(names(draws), sampler)
  as.matrix(draws[, c(parameters, "lp__"), drop = FALSE])
}

for (file in files)
  if (any(grepl("^# method = pathfinder", readLines(file))))
    stop(file, ": rstan::read_stan_csv reads no Pathfinder output (method = pathfinder); cmdstanpy's from_csv does")

fit <- rstan::read_stan_csv(files)
by_rstan <- posterior::as_draws_array(as.array(fit))  # iterations x chains x variables
direct <- lapply(files, read_direct)
names_in_file <- colnames(direct[[1]])

if (posterior::nchains(by_rstan) != length(files)) stop("rstan read ", posterior::nchains(by_rstan), " chains of ", length(files))
if (posterior::nvariables(by_rstan) != length(names_in_file))
  stop("rstan read ", posterior::nvariables(by_rstan), " columns; the files have ", length(names_in_file))
values <- unclass(by_rstan)
for (chain in seq_along(files)) {
  if (nrow(direct[[chain]]) != dim(values)[1])
    stop("chain ", chain, ": rstan read ", dim(values)[1], " draws; the file has ", nrow(direct[[chain]]))
  if (!identical(unname(values[, chain, ]), unname(direct[[chain]])))
    stop("chain ", chain, ": rstan's draws differ from the file's")
}

cat(sprintf("chains,%d\ndraws,%d\ncolumns,%d\nvariable,mean,rhat\n", length(files), dim(values)[1], length(names_in_file)))
for (v in seq_along(names_in_file)) {
  x <- values[, , v, drop = TRUE]
  if (is.null(dim(x))) x <- matrix(x, ncol = length(files))
  cat(sprintf("%s,%.17g,%.17g\n", names_in_file[v], mean(x), posterior::rhat(x)))
}
