#pragma once
// Deliberately broken: the layering check must reject this folder.
#include "eval/Diagnostics.h"
