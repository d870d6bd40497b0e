# Säilynoja et al. (2022) as the SBC package computes it (hyunjimoon/SBC, R/calculate.R:
# adjust_gamma_optimize and p_interior), restated here so the reference bands of tst_sbc's
# ecdfBandsMatchTheSbcPackage can be regenerated with base R only: Rscript ecdf_band.R.
# Output (R 4.2.2): N K gamma, then the band's lower and upper counts at z = 0, 1/K, ..., 1.
adjust_gamma_optimize <- function(N, K, prob) {
  target <- function(gamma, prob, N, K) {
    z <- 1:(K - 1) / K
    z1 <- c(0, z)
    z2 <- c(z, 1)
    x2_lower <- qbinom(gamma / 2, N, z2)
    x2_upper <- c(N - rev(x2_lower)[2:K], N)
    x1 <- 0
    p_int <- 1
    for (i in seq_along(z1)) {
      tmp <- p_interior(p_int, x1 = x1, x2 = x2_lower[i]:x2_upper[i], z1 = z1[i], z2 = z2[i], gamma = gamma, N = N)
      x1 <- tmp$x1
      p_int <- tmp$p_int
    }
    return(abs(prob - sum(p_int)))
  }
  optimize(target, c(0, 1 - prob), prob = prob, N = N, K = K)$minimum
}
p_interior <- function(p_int, x1, x2, z1, z2, gamma, N) {
  z_tilde <- (z2 - z1) / (1 - z1)
  N_tilde <- rep(N - x1, each = length(x2))
  p_int <- rep(p_int, each = length(x2))
  x_diff <- outer(x2, x1, "-")
  p_x2_int <- p_int * dbinom(x_diff, N_tilde, z_tilde)
  list(p_int = rowSums(p_x2_int), x1 = x2)
}
# The probability that a uniform sample's ECDF stays inside the bands of gamma.
band_coverage <- function(N, K, gamma) {
  z <- 1:(K - 1) / K
  z1 <- c(0, z)
  z2 <- c(z, 1)
  x2_lower <- qbinom(gamma / 2, N, z2)
  x2_upper <- c(N - rev(x2_lower)[2:K], N)
  x1 <- 0
  p_int <- 1
  for (i in seq_along(z1)) {
    tmp <- p_interior(p_int, x1 = x1, x2 = x2_lower[i]:x2_upper[i], z1 = z1[i], z2 = z2[i], gamma = gamma, N = N)
    x1 <- tmp$x1
    p_int <- tmp$p_int
  }
  sum(p_int)
}
for (case in list(c(100, 50), c(200, 50), c(200, 100), c(40, 20))) {
  N <- case[1]; K <- case[2]
  g <- adjust_gamma_optimize(N, K, 0.95)
  z <- seq(0, 1, length.out = K + 1)
  lower <- qbinom(g / 2, N, z); upper <- qbinom(1 - g / 2, N, z)
  cat(N, K, format(g, digits = 10), "coverage", format(band_coverage(N, K, g), digits = 15), "lower", paste(lower, collapse = ","), "upper", paste(upper, collapse = ","), "\n")
}
