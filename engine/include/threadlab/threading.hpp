// Everything a scenario program needs, in one include.
#pragma once
#include "threadlab/barrier.hpp"
#include "threadlab/condition.hpp"
#include "threadlab/event_flag.hpp"
#include "threadlab/lock.hpp"
#include "threadlab/queue.hpp"
#include "threadlab/runtime.hpp"
#include "threadlab/semaphore.hpp"
#include "threadlab/thread.hpp"
#include "threadlab/executor.hpp"
#include "threadlab/future.hpp"
#include "threadlab/timer.hpp"
