// genrelab's M2 (hier-studentt, non-centered; model/models/SoftmaxRegression.cpp) for the
// NUTS comparison with Stan (bench/stan/compare_nuts.R). Same priors, same coordinates, same
// order of unconstrained parameters (alpha, beta_raw column-major, mu_beta, log sigma_beta),
// softmax over all K classes (no reference class), features standardized by genrelab.
data {
  int<lower=1> N;
  int<lower=1> D;
  int<lower=2> K;
  matrix[N, D] X;
  int<lower=1, upper=K> y[N];  // rstan 2.21: the pre-2.26 array syntax
}
parameters {
  vector[K] alpha;
  matrix[D, K] beta_raw;
  vector[K] mu_beta;
  vector<lower=0>[K] sigma_beta;
}
transformed parameters {
  matrix[D, K] beta;
  for (k in 1:K) beta[, k] = mu_beta[k] + sigma_beta[k] * beta_raw[, k];
}
model {
  matrix[N, K] logits = rep_matrix(alpha', N) + X * beta;
  alpha ~ normal(0, 5);
  to_vector(beta_raw) ~ std_normal();
  mu_beta ~ student_t(4, 0, 1);
  sigma_beta ~ cauchy(0, 1);
  for (n in 1:N) y[n] ~ categorical_logit(logits[n]');
}
