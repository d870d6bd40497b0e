# Reference values for tests/tst_loo.cpp from R's loo 2.5.1 (Debian r-cran-loo).
#   cd tests/data/loo && Rscript make_reference.R
# Writes the synthetic log-likelihood matrices (fixed seed) when they are missing, then for every
# NAME.loglik.csv a NAME.reference.csv, and compare.reference.csv for the stack_* runs.
# Matrix format (as genrelab-cli run --loglik-out): a header "chain,row_1,...,row_N", then one
# line per draw: its chain (1-based) and log p(y_i | theta_s) per row. NAME.logcorrection.csv,
# when present, holds log p(theta_s, y) - log q(theta_s) per draw: draws of an approximation,
# checked against loo_approximate_posterior().
suppressMessages(library(loo))
stopifnot(packageVersion("loo") == "2.5.1")

num <- function(x) sprintf("%.17g", x)
# The matrices need not be exact: R and the test read the same text.
num_ll <- function(x) sprintf("%.10g", x)

write_ll <- function(ll, chain, file) {
  lines <- c(paste(c("chain", paste0("row_", seq_len(ncol(ll)))), collapse = ","),
             vapply(seq_len(nrow(ll)), function(s) paste(c(chain[s], num_ll(ll[s, ])), collapse = ","), ""))
  writeLines(lines, file)
}

read_ll <- function(file) {
  m <- as.matrix(read.csv(file, check.names = FALSE))
  list(chain = as.integer(m[, 1]), ll = m[, -1, drop = FALSE])
}

# AR(1) draws per chain: autocorrelated like MCMC, so r_eff differs from 1.
ar_chains <- function(chains, n, mean, sd, phi) {
  unlist(lapply(seq_len(chains), function(c) {
    z <- numeric(n)
    z[1] <- rnorm(1)
    for (t in 2:n) z[t] <- phi * z[t - 1] + sqrt(1 - phi^2) * rnorm(1)
    mean + sd * z
  }))
}

if (!file.exists("normal.loglik.csv")) {
  set.seed(20261130)
  # Normal model, 30 rows (one outlier), 4 chains x 100 autocorrelated draws of mu and sigma.
  y <- c(rnorm(29), 4.5)
  chain <- rep(1:4, each = 100)
  mu <- ar_chains(4, 100, mean(y), sd(y) / sqrt(30), 0.6)
  sigma <- exp(ar_chains(4, 100, log(sd(y)), 0.13, 0.3))
  ll <- sapply(y, function(yi) dnorm(yi, mu, sigma, log = TRUE))
  write_ll(ll, chain, "normal.loglik.csv")
}
if (!file.exists("outliers.loglik.csv")) {
  set.seed(20261131)
  # Few draws, a narrow posterior and gross outliers: k-hats above 0.7.
  y <- c(rnorm(16, 0, 0.5), 2, -2.5, 3, 4)
  chain <- rep(1:2, each = 100)
  mu <- ar_chains(2, 100, 0, 0.12, 0.2)
  sigma <- exp(ar_chains(2, 100, log(0.6), 0.15, 0.2))
  ll <- sapply(y, function(yi) dnorm(yi, mu, sigma, log = TRUE))
  write_ll(ll, chain, "outliers.loglik.csv")
}
if (!file.exists("approximate.loglik.csv")) {
  set.seed(20261132)
  # Draws of a too narrow, shifted normal approximation q of the posterior of mu (sigma = 1,
  # prior N(0, 10^2)): the log ratios need log p(theta, y) - log q(theta).
  y <- rnorm(25, 1, 1)
  s <- 400
  post_sd <- 1 / sqrt(25 + 1 / 100)
  post_mean <- sum(y) * post_sd^2
  mu <- rnorm(s, post_mean + 0.05, 0.8 * post_sd)
  ll <- sapply(y, function(yi) dnorm(yi, mu, 1, log = TRUE))
  log_p <- rowSums(ll) + dnorm(mu, 0, 10, log = TRUE)
  log_g <- dnorm(mu, post_mean + 0.05, 0.8 * post_sd, log = TRUE)
  write_ll(ll, rep(1L, s), "approximate.loglik.csv")
  writeLines(c("log_correction", num_ll(log_p - log_g)), "approximate.logcorrection.csv")
}
if (!file.exists("stack_a.loglik.csv")) {
  set.seed(20261133)
  # Three models of the same 40 rows (2 chains x 100 draws) drawn from a mixture of a narrow and
  # a wide normal: narrow, wide and biased normals; stacking mixes the first two.
  y <- c(rnorm(34), rnorm(6, 0, 4))
  sd_bulk <- sd(y[1:34])
  chain <- rep(1:2, each = 100)
  mu <- ar_chains(2, 100, mean(y), 0.2, 0.3)
  sigma <- exp(ar_chains(2, 100, log(sd_bulk), 0.1, 0.3))
  write_ll(sapply(y, function(yi) dnorm(yi, mu, sigma, log = TRUE)), chain, "stack_a.loglik.csv")
  write_ll(sapply(y, function(yi) dnorm(yi, mu, 4 * sigma, log = TRUE)), chain, "stack_b.loglik.csv")
  write_ll(sapply(y, function(yi) dnorm(yi, mu + 0.8, sigma, log = TRUE)), chain, "stack_c.loglik.csv")
}

loo_of <- function(name) {
  m <- read_ll(paste0(name, ".loglik.csv"))
  correction <- paste0(name, ".logcorrection.csv")
  if (file.exists(correction)) {
    lc <- read.csv(correction)$log_correction
    # loo_approximate_posterior takes log p and log g; only their difference enters.
    return(list(loo = loo_approximate_posterior(m$ll, log_p = lc, log_g = rep(0, length(lc))), r_eff = rep(1, ncol(m$ll))))
  }
  r_eff <- relative_eff(exp(m$ll), chain_id = m$chain)
  list(loo = loo(m$ll, r_eff = r_eff), r_eff = r_eff)
}

names <- sub("\\.loglik\\.csv$", "", list.files(".", pattern = "\\.loglik\\.csv$"))
loos <- list()
for (name in names) {
  result <- loo_of(name)
  l <- result$loo
  loos[[name]] <- l
  est <- l$estimates
  lines <- c("key,value",
             paste0("elpd_loo,", num(est["elpd_loo", "Estimate"])),
             paste0("se_elpd_loo,", num(est["elpd_loo", "SE"])),
             paste0("p_loo,", num(est["p_loo", "Estimate"])),
             paste0("se_p_loo,", num(est["p_loo", "SE"])),
             paste0("elpd_i_", seq_len(nrow(l$pointwise)), ",", num(l$pointwise[, "elpd_loo"])),
             paste0("khat_", seq_along(l$diagnostics$pareto_k), ",", num(l$diagnostics$pareto_k)),
             paste0("r_eff_", seq_along(result$r_eff), ",", num(result$r_eff)))
  writeLines(lines, paste0(name, ".reference.csv"))
}

stack <- loos[c("stack_a", "stack_b", "stack_c")]
comparison <- loo_compare(stack)
weights <- loo_model_weights(stack, method = "stacking")
lines <- "model,elpd_diff,se_diff,stacking_weight"
for (k in seq_along(stack)) {
  model <- names(stack)[k]
  row <- which(rownames(comparison) == model)
  lines <- c(lines, paste(model, num(comparison[row, "elpd_diff"]), num(comparison[row, "se_diff"]), num(weights[k]), sep = ","))
}
writeLines(lines, "compare.reference.csv")
