# genrelab's NUTS against Stan's on the same rows and model (docs/BENCHMARKS.md, "NUTS against
# Stan, one ESS code"). R is never a test dependency; this is a benchmark driver.
#
#   Rscript compare_nuts.R check DATA.R POINTS.csv
#     Stan's log density (rstan::log_prob, unconstrained, with the Jacobian) minus genrelab's at
#     the points stan_compare_data wrote: one constant if the two programs are the same model.
#   Rscript compare_nuts.R stan DATA.R SEED OUT.rds
#     4 chains, 500 warmup + 500 draws, diag_e, adapt_delta 0.8, max depth 10, 2 cores.
#   Rscript compare_nuts.R ess RUN...
#     RUN: OUT.rds of `stan`, or genrelab's draws prefix (FILE of `genrelab-cli run --draws-out
#     FILE`, read from FILE_1.csv ... FILE_4.csv). One row per run: min bulk / tail ESS and max
#     R-hat over alpha, beta, mu_beta, sigma_beta (posterior's rhat, ess_bulk, ess_tail),
#     post-warmup leapfrog steps and min bulk ESS per 1,000 of them.
#   Rscript compare_nuts.R warmup OUT.rds
#     Stan's warmup per window: mean step size, tree depth and leapfrog steps; the final step
#     size and inverse metric range per chain.
suppressPackageStartupMessages({
  library(rstan)
  library(posterior)
})

args <- commandArgs(trailingOnly = TRUE)
options(width = 250)
here <- local({
  file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
  if (length(file_arg) > 0) dirname(sub("^--file=", "", file_arg[1])) else "."
})

# Compiled once per program text: the compiled model is kept in /tmp under the program's hash.
compiled_model <- function() {
  program <- file.path(here, "hier_studentt_noncentered.stan")
  cache <- file.path("/tmp", sprintf("genrelab_m2_%s.rds", tools::md5sum(program)))
  if (file.exists(cache)) return(readRDS(cache))
  model <- stan_model(program)
  saveRDS(model, cache)
  model
}

read_data <- function(path) read_rdump(path)

natural_columns <- function(names) {
  grepl("^(alpha|beta|mu_beta|sigma_beta)([.\\[]|$)", names) & !grepl("^beta_raw", names)
}

if (args[1] == "check") {
  d <- read_data(args[2])
  points <- as.matrix(read.csv(args[3], header = FALSE))
  fit <- sampling(compiled_model(), data = d, chains = 1, iter = 1, algorithm = "Fixed_param", refresh = 0)
  stan_lp <- apply(points[, -1, drop = FALSE], 1, function(u) log_prob(fit, u, adjust_transform = TRUE))
  difference <- stan_lp - points[, 1]
  cat(sprintf("Stan - genrelab at %d points: %s\n", length(difference), paste(format(difference, digits = 12), collapse = " ")))
  cat(sprintf("spread of the difference: %.3g (relative to |lp| %.3g)\n", diff(range(difference)), max(abs(points[, 1]))))
} else if (args[1] == "stan") {
  d <- read_data(args[2])
  seed <- as.integer(args[3])
  started <- Sys.time()
  fit <- sampling(compiled_model(), data = d, chains = 4, iter = 1000, warmup = 500, seed = seed, cores = 2,
                  control = list(adapt_delta = 0.8, max_treedepth = 10, metric = "diag_e"), refresh = 0)
  seconds <- as.numeric(difftime(Sys.time(), started, units = "secs"))
  draws <- as.array(fit)
  draws <- draws[, , natural_columns(dimnames(draws)[[3]]), drop = FALSE]
  saveRDS(list(draws = draws, sampler = get_sampler_params(fit, inc_warmup = TRUE),
               adaptation = get_adaptation_info(fit), seconds = seconds, seed = seed), args[4])
  cat(sprintf("Stan seed %d: %.0f s wall\n", seed, seconds))
} else if (args[1] == "ess") {
  rows <- lapply(args[-1], function(run) {
    if (grepl("\\.rds$", run)) {
      r <- readRDS(run)
      draws <- as_draws_array(r$draws)
      leapfrog <- sum(sapply(r$sampler, function(s) sum(s[-(1:500), "n_leapfrog__"])))
      divergent <- sum(sapply(r$sampler, function(s) sum(s[-(1:500), "divergent__"])))
      stepsize <- sapply(r$sampler, function(s) s[501, "stepsize__"])
    } else {
      files <- sprintf("%s_%d.csv", run, 1:4)
      chains <- lapply(files, function(f) read.csv(f, comment.char = "#", check.names = FALSE))
      keep <- natural_columns(names(chains[[1]]))
      draws <- as_draws_array(lapply(chains, function(ch) as.list(ch[, keep])) |>
                                lapply(as.data.frame, check.names = FALSE) |>
                                lapply(as_draws_df) |> bind_draws(along = "chain"))
      leapfrog <- sum(sapply(chains, function(ch) sum(ch$n_leapfrog__)))
      divergent <- sum(sapply(chains, function(ch) sum(ch$divergent__)))
      stepsize <- sapply(chains, function(ch) ch$stepsize__[1])
    }
    s <- summarise_draws(draws, rhat, ess_bulk, ess_tail)
    data.frame(run = basename(run), parameters = nrow(s),
               min_bulk = min(s$ess_bulk), at_bulk = s$variable[which.min(s$ess_bulk)],
               min_tail = min(s$ess_tail), at_tail = s$variable[which.min(s$ess_tail)],
               max_rhat = sprintf("%.4f", max(s$rhat)), at_rhat = s$variable[which.max(s$rhat)],
               leapfrog_per_draw = leapfrog / (dim(draws)[1] * dim(draws)[2]),
               bulk_per_1000_leapfrog = sprintf("%.2f", 1000 * min(s$ess_bulk) / leapfrog),
               divergent = divergent, stepsize = paste(format(stepsize, digits = 3), collapse = "/"))
  })
  print(do.call(rbind, rows), digits = 4, row.names = FALSE)
} else if (args[1] == "warmup") {
  r <- readRDS(args[2])
  windows <- list(c(1, 75), c(76, 100), c(101, 150), c(151, 250), c(251, 450), c(451, 500), c(501, 1000))
  for (w in windows) {
    s <- do.call(rbind, lapply(r$sampler, function(x) x[w[1]:w[2], , drop = FALSE]))
    cat(sprintf("iterations %4d-%4d: step size %.4f, tree depth %.2f, leapfrog steps %.1f, accept %.3f\n", w[1], w[2],
                mean(s[, "stepsize__"]), mean(s[, "treedepth__"]), mean(s[, "n_leapfrog__"]), mean(s[, "accept_stat__"])))
  }
  for (a in r$adaptation) {
    inv <- as.numeric(strsplit(sub("^# ", "", strsplit(a, "\n")[[1]][4]), ",")[[1]])
    cat(sprintf("%s | inverse metric range %.4g..%.4g, median %.4g\n", gsub("\n", " ", strsplit(a, "\n")[[1]][2]),
                min(inv), max(inv), median(inv)))
  }
} else {
  stop("usage: compare_nuts.R check|stan|ess|warmup ...")
}
