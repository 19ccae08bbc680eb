// A polite busy-wait step: tells the CPU that this core is spinning.
#pragma once

namespace tl::detail {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

}  // namespace tl::detail
