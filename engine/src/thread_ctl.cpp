#include "thread_ctl.hpp"

#include "threadlab/runtime.hpp"

namespace tl::detail {

void ThreadCtl::set_state(ThreadState s, uint32_t obj) {
    if (state == s && state_object == obj) return;
    state = s;
    state_object = obj;
    rt->record_op(*this, EvKind::State, static_cast<uint8_t>(s), obj);
}

double ThreadCtl::uniform01() {
    uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return double(z >> 11) * 0x1.0p-53;
}

}  // namespace tl::detail
