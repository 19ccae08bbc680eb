#include "gui/i18n.hpp"

#include <array>

namespace tl::gui {
namespace {

struct Label {
    S key;
    const char* en;
    const char* zh;
};

// In the order of enum S; checked at startup by label_table().
constexpr Label kLabels[] = {
    {S::AppTitle, "ThreadLab", "ThreadLab 线程实验室"},
    {S::Scenarios, "Lessons", "课程列表"},
    {S::Lesson, "Lesson", "课程"},
    {S::Parameters, "Parameters", "参数"},
    {S::Run, "Run", "运行"},
    {S::Pause, "Pause", "暂停"},
    {S::Resume, "Resume", "继续"},
    {S::Step, "Step", "单步"},
    {S::Reset, "Reset", "重置"},
    {S::RunAgain, "Run again", "再运行一次"},
    {S::Mode, "Mode", "模式"},
    {S::ModeFree, "free", "自由"},
    {S::ModeDeterministic, "deterministic", "确定性"},
    {S::Seed, "Seed", "种子"},
    {S::Speed, "Speed", "速度"},
    {S::Language, "Language", "语言"},
    {S::UiScale, "Text size", "字号"},
    {S::Timeline, "Timeline", "时间线"},
    {S::Objects, "Objects", "同步对象"},
    {S::Code, "Code", "代码"},
    {S::Output, "Output", "输出"},
    {S::Legend, "Legend", "图例"},
    {S::Status, "Status", "状态"},
    {S::StatusIdle, "ready to run", "等待运行"},
    {S::StatusRunning, "running", "运行中"},
    {S::StatusPaused, "paused", "已暂停"},
    {S::StatusFinished, "finished", "已结束"},
    {S::StatusStopped, "stopped", "已停止"},
    {S::Deadlock, "DEADLOCK", "死锁"},
    {S::Follow, "Follow live", "跟随最新"},
    {S::FitAll, "Whole run", "显示全部"},
    {S::Time, "time", "时间"},
    {S::Owner, "owner", "持有者"},
    {S::Free, "free", "空闲"},
    {S::Waiting, "waiting", "等待中"},
    {S::Holders, "holders", "持有者"},
    {S::Items, "items", "元素"},
    {S::Unfinished, "unfinished tasks", "未完成任务"},
    {S::Parties, "parties", "参与方"},
    {S::Arrived, "arrived", "已到达"},
    {S::Broken, "BROKEN", "已损坏"},
    {S::FlagSet, "SET", "已设置"},
    {S::FlagClear, "clear", "未设置"},
    {S::Depth, "depth", "层数"},
    {S::Value, "value", "值"},
    {S::NoObjects, "No objects yet.", "还没有同步对象。"},
    {S::NoOutput, "No output yet.", "还没有输出。"},
    {S::AppliesOnReset, "applies on Reset", "重置后生效"},
    {S::AppliesNow, "applies at once", "立即生效"},
    {S::PressRun, "Press Run (Space) to start", "按“运行”（空格键）开始"},
    {S::Shortcuts, "Keys", "快捷键"},
    {S::ShortcutHelp,
     "Space run/pause   \xE2\x86\x92 step   \xE2\x86\x90 \xE2\x86\x92 one event back/on (paused or finished)   "
     "Home/End first event/live   R reset   +/- text size   F follow   1-9 who runs next",
     "空格 运行/暂停   \xE2\x86\x92 单步   \xE2\x86\x90 \xE2\x86\x92 后退/前进一个事件（暂停或结束后）   "
     "Home/End 第一个事件/实时   R 重置   +/- 字号   F 跟随   1-9 选择下一个线程"},
    {S::Line, "line", "行"},
    {S::Object, "object", "对象"},
    {S::State, "state", "状态"},
    {S::Thread, "thread", "线程"},
    {S::Events, "events", "事件"},
    {S::Empty, "empty", "空"},
    {S::Full, "FULL", "已满"},
    {S::WaitedHere, "had to wait", "需要等待"},
    {S::NoLesson, "This lesson has no text.", "这节课没有课文。"},
    {S::Unbounded, "unbounded", "无上限"},
    {S::JoinWaiters, "joined by", "等待它结束"},
    {S::Exception, "exception", "异常"},
    {S::Unknown, "?", "？"},
    {S::ParamChanged, "Parameters changed: press Reset to apply", "参数已修改：按“重置”生效"},
    {S::ScenarioTime, "run time", "运行时间"},
    {S::Threads, "threads", "线程"},
    {S::Zoom, "wheel: zoom   drag: pan", "滚轮：缩放   拖动：平移"},
    {S::Policy, "Policy", "调度"},
    {S::PolicyRandom, "random", "随机"},
    {S::PolicyRoundRobin, "round-robin", "轮转"},
    {S::PolicyManual, "manual", "手动"},
    {S::PolicyHelp, "Who runs next in deterministic mode (applies on Reset; manual switches to deterministic)",
     "确定性模式下由谁决定下一个运行的线程（重置后生效；选“手动”会切换到确定性模式）"},
    {S::WhoRunsNext, "Who runs next?", "下一个运行谁？"},
    {S::WhoRunsNextHelp, "keys 1-9", "数字键 1-9"},
    {S::Futures, "Futures", "Future 对象"},
    {S::NoFutures, "No futures yet.", "还没有 Future。"},
    {S::FuturePending, "PENDING", "PENDING 排队"},
    {S::FutureRunning, "RUNNING", "RUNNING 运行"},
    {S::FutureFinished, "FINISHED", "FINISHED 完成"},
    {S::FutureCancelled, "CANCELLED", "CANCELLED 取消"},
    {S::SubmittedTo, "submitted to", "提交给"},
    {S::Worker, "worker", "工作线程"},
    {S::Callbacks, "callbacks run", "已运行的回调"},
    {S::CallbacksShort, "callbacks", "回调"},
    {S::AwaitedBy, "awaited by", "等待者"},
    {S::InQueue, "in the queue", "在队列中"},
    {S::On, "on", "在"},
    {S::NeverRan, "never ran", "从未运行"},
    {S::Holder, "holder", "持有者"},
    {S::HandOvers, "hand-overs", "交接次数"},
    {S::DropRequests, "drop requests", "释放请求"},
    {S::Workers, "workers", "工作线程"},
    {S::Idle, "idle", "空闲"},
    {S::WorkQueue, "work queue", "任务队列"},
    {S::ResultQueue, "result queue", "结果队列"},
    {S::ResultHandler, "result handler", "结果处理线程"},
    {S::MaxWorkers, "max", "最多"},
    {S::Submitted, "submitted", "已提交"},
    {S::CpuShare, "Share of CPU", "CPU 占用份额"},
    {S::CpuShareHelp, "time running / time alive", "运行时间 / 存活时间"},
    {S::OfItsLife, "of its lifetime", "占其存活时间"},
    {S::OfTheRun, "of the whole run", "占整个运行时长"},
    {S::GilHandover, "GIL hand-over", "GIL 交接"},
    {S::DropRequestMark, "drop request", "释放请求"},
    {S::Process, "process", "进程"},
    {S::YourProgram, "Your program", "你的程序"},
    {S::Stop, "Stop", "停止"},
    {S::StatusError, "error", "出错"},
    {S::NotForPython, "A Python program pauses and steps in deterministic mode only (free mode runs real threads)",
     "Python 程序只能在确定性模式下暂停和单步执行（自由模式下运行的是真实线程）"},
    {S::StopHelp, "Space: stop the program (its process is ended at once)", "空格：停止程序（立即结束它的进程）"},
    {S::ResetPython, "R: stop the program and run it again from the start", "R：停止程序并从头再运行一次"},
    {S::SpeedPython, "A Python program: in free mode the speed scales its sleeps; in deterministic mode time is virtual and "
     "the speed paces it on screen",
     "Python 程序：自由模式下速度缩放它的休眠；确定性模式下使用虚拟时间，速度决定它在屏幕上展开的快慢"},
    {S::ProgramLesson,
     "Your file runs in real **CPython 3.11**, in a process of its own. Every thread, lock, wait, sleep and "
     "queue operation goes through ThreadLab, so the timeline shows what each thread did, the code pane the "
     "line each thread is on, and the objects pane your objects under the names you gave them.\n\n"
     "- **free**: the threads run as the operating system schedules them; two runs can differ.\n"
     "- **deterministic**: one thread at a time, chosen by the seeded policy at each switch point "
     "(see *Parameters*); the same seed gives the same run, every time. Time is virtual: a sleep takes no real "
     "time, so the whole run appears at once.\n\n"
     "Edit the program in the code pane and press **Run** (or Ctrl+Enter): exactly the text in the pane runs. "
     "**Save\xE2\x80\xA6** writes it to a file; **Reset code** brings back the original. (Changed the file in "
     "another editor? As long as you have not edited it here, Run reads it again.) Pause, step and the manual "
     "policy are not available for Python programs yet.",
     "你的文件在真正的 **CPython 3.11** 中运行，并且在单独的进程里。每个线程、锁、等待、休眠和队列操作都经过 "
     "ThreadLab，所以时间线显示每个线程做了什么，代码面板显示每个线程所在的行，同步对象面板用你起的名字显示你的对象。\n\n"
     "- **自由**：线程按操作系统的调度运行；两次运行的结果可能不同。\n"
     "- **确定性**：一次只运行一个线程，在每个切换点由带种子的调度策略选择（见“参数”）；同一个种子每次都得到同样的运行。"
     "时间是虚拟的：休眠不花真实时间，所以整个运行会一下子出现。\n\n"
     "在代码面板中修改程序，然后按“运行”（或 Ctrl+Enter）：运行的正是面板中的代码。“保存\xE2\x80\xA6”把它写入文件；"
     "“恢复原代码”恢复原来的程序。（在别的编辑器里改了文件？只要你没有在这里修改过，“运行”会重新读取文件。）"
     "Python 程序暂时还不能暂停、单步或手动调度。"},
    {S::SwitchPoints, "Switch points", "切换点"},
    {S::SwitchPointsHelp,
     "Deterministic mode: where another thread may be chosen in your code. Lock, queue, sleep and print calls "
     "are switch points in all three.",
     "确定性模式：在你的代码中哪些位置可以切换到另一个线程。锁、队列、休眠和 print 调用在三种设置下都是切换点。"},
    {S::GranularitySwitch, "where CPython switches (calls, loops)", "CPython 切换线程的位置（调用、循环）"},
    {S::GranularityLine, "before every line", "每一行之前"},
    {S::GranularityBytecode, "before every bytecode", "每条字节码之前"},
    {S::NoParamsPython, "A Python program has no sliders: its settings are its code.", "Python 程序没有滑块：它的设置就是它的代码。"},
    {S::LineN, "line %d", "第 %d 行"},
    {S::ProgramDidNotRun, "The program did not run:", "程序没有运行："},
    {S::ProgramRaised, "The program raised an exception (exit status 1):", "程序抛出了异常（退出状态 1）："},
    {S::ProgramFinished, "The program finished (exit status %d)", "程序已结束（退出状态 %d）"},
    {S::ProgramStopped, "Stopped: the program was ended before it finished", "已停止：程序在结束前被终止"},
    {S::ProgramDeadlocked, "DEADLOCK: the program could never finish", "死锁：程序永远无法结束"},
    {S::ProgramBlockedOutside, "Blocked outside ThreadLab:", "阻塞在 ThreadLab 之外："},
    {S::ProgramEndedEarly, "Ended early:", "提前结束："},
    {S::ProgramCannotStart, "The program could not start:", "程序无法启动："},
    {S::ProgramRunning, "running\xE2\x80\xA6", "运行中\xE2\x80\xA6"},
    {S::Edited, "edited", "已修改"},
    {S::EditedHelp, "Changed since it was opened or last saved: Run runs this text; Save keeps it",
     "打开或上次保存后已修改：“运行”运行的就是这里的代码；“保存”把它写入文件"},
    {S::ResetCode, "Reset code", "恢复原代码"},
    {S::ResetCodeHelp, "Bring back the original program (your changes are lost)", "恢复原来的程序（你的修改会丢失）"},
    {S::SaveAs, "Save\xE2\x80\xA6", "保存\xE2\x80\xA6"},
    {S::SaveHelp, "Write the program in the pane to a file", "把面板中的程序写入文件"},
    {S::SaveTitle, "Save the program", "保存程序"},
    {S::SaveFile, "File", "文件"},
    {S::SaveButton, "Save", "保存"},
    {S::Cancel, "Cancel", "取消"},
    {S::ReadOnlyWhileRunning, "read-only while it runs", "运行时只读"},
    {S::EditHint, "Edit it, then Run (Ctrl+Enter)", "修改后按“运行”（Ctrl+Enter）"},
    {S::ErrorBeforeEdit, "Lines above the error changed: run again to see where it is now",
     "错误之前的代码已修改：再运行一次，看看错误现在在哪里"},
    {S::CannotWrite, "cannot write '%s': %s", "无法写入“%s”：%s"},
    {S::NoFileName, "no file name given", "没有给出文件名"},
    {S::NotAFile, "not a regular file", "这不是普通文件"},
    {S::NoSuchFolder, "no such folder", "没有这个文件夹"},
    {S::NoPermission, "permission denied", "没有写入权限"},
    {S::IsAFolder, "it is a folder", "这是一个文件夹"},
    {S::ReadOnlyDisk, "the disk is read-only", "磁盘是只读的"},
    {S::DiskFull, "the disk is full", "磁盘已满"},
    {S::Checks, "Checks", "检查"},
    {S::CheckPass, "\xE2\x9C\x93 PASS", "\xE2\x9C\x93 通过"},
    {S::CheckFail, "\xE2\x9C\x97 FAIL", "\xE2\x9C\x97 未通过"},
    {S::CheckNotShown, "\xE2\x80\x93 NOT SHOWN", "\xE2\x80\x93 未体现"},
    {S::ChecksWaiting, "The checks are worked out when the run has ended.", "运行结束后才进行检查。"},
    {S::ChecksChecking, "Checking\xE2\x80\xA6", "正在检查\xE2\x80\xA6"},
    {S::ChecksNone, "This lesson has no checks.", "这节课没有检查。"},
    {S::ChecksSummary, "%d of %d checks passed", "通过 %d 项检查（共 %d 项）"},
    {S::ChecksNotShownCount, "%d could not be shown by this run (neither pass nor failure)",
     "有 %d 项本次运行未能体现（既不算通过也不算失败）"},
    {S::ChecksRan, "the lesson's checks ran", "课程的检查能够运行"},
    {S::ChecksStopped, "The run was stopped before its end, so it is not judged. Run it again to see its checks.",
     "本次运行在结束前被停止，因此不做检查。再运行一次即可看到检查结果。"},
    {S::ChecksNotRun, "The program did not run (see Output), so there is nothing to check.",
     "程序没有运行（见“输出”），因此没有可检查的内容。"},
    {S::LessonsBroken, "Lessons that could not be loaded:", "无法加载的课程："},
    {S::LessonParamHelp,
     "Sets %s in the program (see the code pane). It applies at the next Run or Reset: the program reads it "
     "when it starts.",
     "设置程序中的 %s（见代码窗格）。下次“运行”或“重置”时生效：程序只在启动时读取它。"},
    {S::LessonParamLiveHelp,
     "Sets %s in the program. Live: while the program runs, letting go of the slider calls %s() in it, from a "
     "thread called teacher (watch its lane and the output). Otherwise at the next Run or Reset.",
     "设置程序中的 %s。可在运行中调整：程序运行时松开滑块，就会由一个叫 teacher 的线程在程序里调用 %s()"
     "（看它的时间线和输出）。其他情况下在下次“运行”或“重置”时生效。"},
    {S::AppliesOnRun,
     "Each slider sets a constant of the program (see the code pane). The changes apply at the next Run or Reset; "
     "a live one (see its tooltip) also reaches the running program when you let go of it.",
     "每个滑块设置程序中的一个常量（见代码窗格）。修改在下次“运行”或“重置”时生效；可在运行中调整的滑块"
     "（见其提示）松开时也会立即作用于正在运行的程序。"},
    {S::Predict, "Predict, then run", "先预测，再运行"},
    {S::PredictHelp, "Pick an answer, then press Run: the run's checks tell which answer this run showed.",
     "先选一个答案，再按“运行”：运行的检查会说明本次运行体现的是哪个答案。"},
    {S::PredictLocked, "This run keeps the prediction it started with; change it for the next Run once it has ended.",
     "本次运行使用开始时的预测；运行结束后可以为下一次运行修改。"},
    {S::PredictPending, "Running\xE2\x80\xA6 the checks will tell which answer this run shows.",
     "运行中\xE2\x80\xA6检查会说明本次运行体现的是哪个答案。"},
    {S::PredictMatched, "\xE2\x9C\x93 You predicted this: this run showed %s", "\xE2\x9C\x93 你预测对了：本次运行体现的是 %s"},
    {S::PredictMissed, "This run showed %s, you predicted %s", "本次运行体现的是 %s，你预测的是 %s"},
    {S::PredictUnpredicted, "This run showed %s (you made no prediction)", "本次运行体现的是 %s（你没有预测）"},
    {S::PredictCannotTell, "This run cannot tell: %s", "本次运行无法判断：%s"},
    {S::PredictWhyStopped, "it was stopped before its end. Run it again.", "它在结束前被停止了。请再运行一次。"},
    {S::PredictWhyNotRun, "the program did not run (see Output).", "程序没有运行（见“输出”）。"},
    {S::PredictWhyChecks, "the lesson's checks could not run (see Checks).", "课程的检查无法运行（见“检查”）。"},
    {S::PredictWhyNoAnswer, "it showed none of the answers.", "它没有体现其中任何一个答案。"},
    {S::PredictWhyBadIndex, "checks.py's @answer is not one of the answers.", "checks.py 的 @answer 不是其中任何一个答案。"},
    {S::PredictThisRun, "this run", "本次运行"},
    {S::PredictYours, "your prediction", "你的预测"},
    {S::PredictReady, "Now press Run (Space): the run's checks tell which answer this run showed.",
     "现在按“运行”（空格键）：运行的检查会说明本次运行体现的是哪个答案。"},
    {S::SpeedPythonFree,
     "Free mode: the program's sleeps and timeouts take 1/speed of their time (its clocks read the run's time; "
     "CPU work is not scaled). Applies at the next Run: a running program cannot change its speed (not yet).",
     "自由模式：程序的休眠和超时只花 1/速度 的时间（程序的时钟读的是运行的时间；CPU 计算不按速度缩放）。"
     "下次“运行”时生效：正在运行的程序还不能改变速度（暂不支持）。"},
    {S::SpeedPythonDeterministic,
     "Deterministic mode: time is virtual; the speed sets how fast it unfolds on screen, at once. Waits go at this "
     "pace, computing goes at full speed, and the run's log is the same at any speed.",
     "确定性模式：时间是虚拟的；速度决定它在屏幕上展开的快慢，立即生效。等待按这个速度进行，计算则全速进行；"
     "无论速度多少，运行的日志都一样。"},
    {S::SpeedPending, "this run: %.2fx; the next Run: %.2fx", "本次运行：%.2fx；下次运行：%.2fx"},
    {S::DeadlockCycle, "deadlock cycle: ", "死锁环："},
    {S::DeadlockNoneCanRun, "deadlock: no thread can run: ", "死锁：没有线程能运行："},
    {S::ListSeparator, "; ", "；"},
    {S::Nothing, "nothing", "（无）"},
    {S::WaitsForHeldBy, "%s waits for %s held by %s", "%s 等待 %s（由 %s 持有）"},
    {S::WaitsForObject, "%s waits for %s", "%s 等待 %s"},
    {S::ArrowWaitsFor, "waits for", "等待"},
    {S::ArrowHeldBy, "held by", "持有者"},
    {S::ArrowAbandonedBy, "abandoned by", "遗弃者"},
    {S::ArrowJoins, "joins", "join 等待"},
    {S::WaitForGraph, "Wait-for graph", "等待图"},
    {S::WaitForGraphHelp, "thick red arrows: the cycle, so none of its threads can ever go on",
     "粗红箭头：死锁环，环上的线程都永远无法继续"},
    {S::Abandoned, "abandoned: still locked, its owner has ended", "已遗弃：仍被锁住，但持有者已结束"},
    {S::MoreCount, "+%zu more", "还有 %zu 个"},
    {S::MarkOp, "operation", "操作"},
    {S::MarkOpFailed, "returned False", "返回 False"},
    {S::MarkRaised, "exception raised", "抛出异常"},
    {S::MarkBarrierTripped, "barrier tripped", "屏障放行"},
    {S::MarkBarrierBroken, "barrier broken", "屏障被破坏"},
    {S::MarkMainReturned, "main ended", "主程序结束"},
    {S::MarkMainReturnedHelp,
     "main's code is over: the interpreter shuts down, joining the threads that are not daemons, then cutting off "
     "the daemon ones",
     "主线程的代码执行完毕：解释器开始关闭，先等待所有非守护线程结束，再终止守护线程"},
    {S::TurnsSoFar, "So far:", "已经运行："},
    {S::MarkDone, "ended", "结束"},
    {S::MarkKilled, "killed", "被终止"},
    {S::MarkFailed, "died of an exception", "因异常而结束"},
    {S::LookJoining, "in join()", "在 join() 中"},
    {S::LookIdle, "idle worker", "空闲工作线程"},
    {S::LookJoiningHelp, "waits in join() for another thread to end (drawn thin: it only waits)",
     "在 join() 中等另一个线程结束（画得细：它只是在等）"},
    {S::LookIdleHelp, "a pool worker waiting for work: nothing to do, not stuck",
     "线程池的工作线程在等任务：没有活干，并非卡住"},
    {S::MarkNow, "now", "此刻"},
    {S::MarkNowHelp, "the run's time now: the live edge (the end, once the run is over)",
     "运行此刻的时间：实时边缘（运行结束后就是终点）"},
    {S::Presenter, "Presenter", "演示模式"},
    {S::PresenterHelp, "Presenter mode: the lesson list and text fold away, the timeline, objects and code share the screen (F5 or P)",
     "演示模式：收起课程列表和课文，时间线、对象和代码占满屏幕（F5 或 P）"},
    {S::ToolbarMore, "More", "更多"},
    {S::ToolbarMoreHelp, "Speed, mode, policy, language and text size", "速度、模式、调度策略、语言和字号"},
    {S::ViewMenu, "View", "视图"},
    {S::ViewMenuHelp, "Follow the run or show all of it, the axis, compare, the legend", "跟随最新或显示全部、时间轴、对比、图例"},
    {S::ThreadKeyHelp, "Short labels of the threads in the gutter, and their full names",
     "代码左侧标记中线程的简称及其全名"},
    {S::PoolSweep, "Jobs per second by pool size", "不同大小的池每秒完成的任务数"},
    {S::PoolSweepHelp, "Each point is one pool executor: its futures finished / (last finish - first submit); one curve per worker name prefix, and one for process pools (timed once their processes have started)",
     "每个点是一个池（线程池或进程池）：完成的 Future 数 / (最后完成时刻 - 第一次提交时刻)；每种工作线程名前缀一条曲线，进程池另有一条（从它的进程全部启动后开始计时）"},
    {S::PoolSweepX, "workers (max_workers)", "工作者数（max_workers）"},
    {S::PoolSweepY, "jobs per second", "每秒完成的任务数"},
    {S::PoolSweepTab, "Pool sizes", "池的大小"},
    {S::ScrubEvent, "event %zu of %zu", "第 %zu/%zu 个事件"},
    {S::ScrubLive, "live", "实时"},
    {S::ScrubTime, "t = %.3f ms", "t = %.3f 毫秒"},
    {S::ScrubTimeSeconds, "t = %.3f s", "t = %.3f 秒"},
    {S::ScrubStart, "To the first event (Home)", "回到第一个事件（Home）"},
    {S::ScrubBack, "One event back (\xE2\x86\x90)", "后退一个事件（\xE2\x86\x90）"},
    {S::ScrubForward, "One event on (\xE2\x86\x92); at the end, Step", "前进一个事件（\xE2\x86\x92）；到末尾后为单步"},
    {S::ScrubToLive, "Back to live: the end of the run (End)", "回到实时：运行的末尾（End）"},
    {S::ScrubHelp, "Drag to see every pane as it stood after that event", "拖动以查看每个面板在该事件之后的样子"},
    {S::EvRunStart, "the run starts", "运行开始"},
    {S::EvRunEnd, "the run ends", "运行结束"},
    {S::EvRunStopped, "the run is stopped", "运行被停止"},
    {S::EvThreadNew, "new thread %s", "新线程 %s"},
    {S::EvObjNew, "new %s %s", "新建 %s %s"},
    {S::EvState, "%s is %s", "%s 变为%s"},
    {S::EvStateOn, "%s is %s on %s", "%s 变为%s（%s）"},
    {S::EvPrint, "%s prints: %s", "%s 打印：%s"},
    {S::EvUncaught, "%s ends with uncaught %s", "%s 因未捕获的异常结束：%s"},
    {S::EvRaise, "%s raises %s", "%s 抛出 %s"},
    {S::EvDeadlock, "deadlock: %s waits for %s", "死锁：%s 等待 %s"},
    {S::EvDeadlockHeld, "deadlock: %s waits for %s held by %s", "死锁：%s 等待 %s（被 %s 持有）"},
    {S::StatsTab, "Statistics", "统计"},
    {S::StatsWaits, "Waits per object", "各对象上的等待"},
    {S::StatsWaitsHelp,
     "A wait: a thread blocked or waiting on the object, counted as `threadlab run` counts them. Objects nobody "
     "waited on are left out. Click one to see its wait times below",
     "一次等待：线程在该对象上阻塞或等待一次，与 threadlab run 的统计相同。没人等待过的对象不列出。点击对象，下方显示它的等待时长"},
    {S::StatsWaitsCol, "waits", "等待次数"},
    {S::StatsTotalCol, "total ms", "总计 ms"},
    {S::StatsMeanCol, "mean ms", "平均 ms"},
    {S::StatsLongestCol, "longest ms", "最长 ms"},
    {S::StatsMaxWaitersCol, "most at once", "最多同时等待"},
    {S::StatsFailuresCol, "failures", "失败次数"},
    {S::StatsWaitingNow, "%lld still waiting", "%lld 个仍在等待"},
    {S::StatsNoWaits, "No thread has waited on an object yet.", "还没有线程在任何对象上等待过。"},
    {S::StatsNoRun, "Press Run: the statistics are those of the run.", "按“运行”：这里的统计来自这次运行。"},
    {S::StatsHistogram, "Wait times on %s", "%s 上的等待时长"},
    {S::StatsHistogramHelp, "How many of the finished waits took each length", "已结束的等待中，各种时长各有几次"},
    {S::StatsWaitMs, "wait (ms)", "等待时长（毫秒）"},
    {S::StatsQueueDepth, "Queue depth (items in each queue)", "队列长度（每个队列中的元素数）"},
    {S::StatsAlive, "Threads alive", "存活的线程数"},
    {S::StatsFuturesRate, "Futures finished per second", "每秒完成的 Future 数"},
    {S::StatsOpsRate, "Operations per second (on the objects listed)", "每秒操作数（列出的对象上）"},
    {S::StatsTimeMs, "run time (ms)", "运行时间（毫秒）"},
    {S::StatsTimeS, "run time (s)", "运行时间（秒）"},
    {S::RunWord, "run", "运行"},
    {S::KeepRun, "Compare", "对比"},
    {S::KeepRunHelp,
     "Keep this run: the next runs are drawn under it on one time axis, with the totals and checks of both. "
     "Change a parameter or the code, then press Run again.",
     "保留这次运行：之后的运行会画在它下面，用同一条时间轴，并列出两次运行的总时长和检查结果。修改参数或代码，然后再运行一次。"},
    {S::StopComparing, "Stop comparing", "停止对比"},
    {S::KeptRunTag, "kept", "保留的"},
    {S::ThisRunTag, "this run", "本次"},
    {S::CompareTotals, "%s, %zu threads", "%s，%zu 个线程"},
    {S::CompareChecks, "checks %d/%d passed", "检查通过 %d/%d"},
    {S::CompareHint, "Change a parameter or the code, then Run again: the new run is drawn here.",
     "修改参数或代码，然后再运行一次：新的运行会画在这里。"},
    {S::TurnWord, "turn", "轮次"},
    {S::TurnsWord, "turns", "轮"},
    {S::AxisTime, "Time", "按时间"},
    {S::AxisSteps, "Turns", "按轮次"},
    {S::AxisHelp,
     "Deterministic mode: draw the lanes by turn instead of by time. Each turn is one thread let run (a new "
     "running state), so turns taken while virtual time stands still (a lost update in a few bytecodes) are "
     "each as wide as a long sleep. Key: T",
     "确定性模式：按轮次而不是按时间画各条泳道。每一轮是让一个线程运行一次（新的 running 状态），所以虚拟时间静止时的"
     "轮次（几条字节码之内发生的更新丢失）也和一次长时间的睡眠一样宽。快捷键：T"},
};
static_assert(std::size(kLabels) == static_cast<size_t>(S::Count_), "one label per key");

constexpr bool labels_in_order() {
    for (size_t i = 0; i < std::size(kLabels); ++i)
        if (static_cast<size_t>(kLabels[i].key) != i) return false;
    return true;
}
static_assert(labels_in_order(), "kLabels must follow the order of enum S");

struct StateLabel {
    const char* en;
    const char* zh;
    const char* help_en;
    const char* help_zh;
};

constexpr StateLabel kStates[kThreadStateCount] = {
    {"new", "新建", "created, not started yet", "已创建，尚未启动"},
    {"ready", "就绪", "could run, waits for its turn: the GIL, or a CPU", "可以运行，等着轮到它：等 GIL 或等 CPU"},
    {"running", "运行", "running Python code", "正在执行代码"},
    {"blocked", "阻塞", "stuck on a lock another thread holds", "卡在别的线程持有的锁上"},
    {"waiting", "等待", "waits for a signal: queue, event, semaphore, barrier, join",
     "等待信号：队列、事件、信号量、屏障、join"},
    {"sleeping", "休眠", "in time.sleep()", "在 time.sleep() 中"},
    {"I/O", "I/O", "in blocking I/O (network, disk)", "在阻塞 I/O 中（网络、磁盘）"},
    {"done", "结束", "finished normally", "正常结束"},
    {"killed", "被终止", "daemon thread killed at exit", "守护线程在退出时被终止"},
    {"failed", "失败", "ended by an exception", "因异常而结束"},
};

std::string g_lang = "en";

}  // namespace

const char* tr(S key) {
    const Label& l = kLabels[static_cast<size_t>(key)];
    return chinese() ? l.zh : l.en;
}

const char* tr_in(S key, bool zh) {
    const Label& l = kLabels[static_cast<size_t>(key)];
    return zh ? l.zh : l.en;
}

void set_language(const std::string& lang) { g_lang = lang == "zh" ? "zh" : "en"; }
const std::string& language() { return g_lang; }
bool chinese() { return g_lang == "zh"; }

const char* state_name(ThreadState s) {
    const StateLabel& l = kStates[static_cast<int>(s)];
    return chinese() ? l.zh : l.en;
}

const char* state_help(ThreadState s) {
    const StateLabel& l = kStates[static_cast<int>(s)];
    return chinese() ? l.help_zh : l.help_en;
}

std::string all_chinese_labels() {
    std::string all;
    for (const Label& l : kLabels) all += l.zh;
    for (const StateLabel& l : kStates) {
        all += l.zh;
        all += l.help_zh;
    }
    return all;
}

}  // namespace tl::gui
