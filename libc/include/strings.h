// <strings.h>: the case-insensitive comparisons (declared in <string.h>).
#pragma once

#include <string.h>
