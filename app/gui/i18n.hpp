// Every fixed label of the GUI in English and Chinese. Kept in one table so
// that the font builder can collect every character the UI may draw, and so a
// language switch changes the whole window at once.
#pragma once
#include <string>
#include <string_view>

#include "threadlab/event.hpp"

namespace tl::gui {

enum class S {
    AppTitle, Scenarios, Lesson, Parameters, Run, Pause, Resume, Step, Reset, RunAgain,
    Mode, ModeFree, ModeDeterministic, Seed, Speed, Language, UiScale, Timeline, Objects,
    Code, Output, Legend, Status, StatusIdle, StatusRunning, StatusPaused, StatusFinished,
    StatusStopped, Deadlock, Follow, FitAll, Time, Owner, Free, Waiting, Holders, Items,
    Unfinished, Parties, Arrived, Broken, FlagSet, FlagClear, Depth, Value, NoObjects,
    NoOutput, AppliesOnReset, AppliesNow, PressRun, Shortcuts, ShortcutHelp, Line, Object,
    State, Thread, Events, Empty, Full, WaitedHere, NoLesson, Unbounded, JoinWaiters,
    Exception, Unknown, ParamChanged, ScenarioTime, Threads, Zoom,
    Policy, PolicyRandom, PolicyRoundRobin, PolicyManual, PolicyHelp, WhoRunsNext, WhoRunsNextHelp,
    Futures, NoFutures, FuturePending, FutureRunning, FutureFinished, FutureCancelled, SubmittedTo,
    Worker, Callbacks, CallbacksShort, AwaitedBy, InQueue, On, NeverRan,
    Holder, HandOvers, DropRequests, Workers, Idle, WorkQueue, ResultQueue, ResultHandler, MaxWorkers,
    Submitted, CpuShare, CpuShareHelp, OfItsLife, OfTheRun, GilHandover, DropRequestMark, Process,
    // A Python program's run
    YourProgram, Stop, StatusError, NotForPython, StopHelp, ResetPython, SpeedPython,
    ProgramLesson, SwitchPoints, SwitchPointsHelp, GranularitySwitch, GranularityLine, GranularityBytecode,
    NoParamsPython, LineN, ProgramDidNotRun, ProgramRaised, ProgramFinished, ProgramStopped,
    ProgramDeadlocked, ProgramBlockedOutside, ProgramEndedEarly, ProgramCannotStart, ProgramRunning,
    // The code pane as an editor
    Edited, EditedHelp, ResetCode, ResetCodeHelp, SaveAs, SaveHelp, SaveTitle, SaveFile, SaveButton, Cancel,
    ReadOnlyWhileRunning, EditHint, ErrorBeforeEdit, CannotWrite, NoFileName, NotAFile, NoSuchFolder,
    NoPermission, IsAFolder, ReadOnlyDisk, DiskFull,
    // The checks panel
    Checks, CheckPass, CheckFail, CheckNotShown, ChecksWaiting, ChecksChecking, ChecksNone, ChecksSummary,
    ChecksNotShownCount,
    // Lesson folders
    ChecksRan, ChecksStopped, ChecksNotRun, LessonsBroken, LessonParamHelp, LessonParamLiveHelp, AppliesOnRun,
    // Predict, then run
    Predict, PredictHelp, PredictLocked, PredictPending, PredictMatched, PredictMissed, PredictUnpredicted,
    PredictCannotTell, PredictWhyStopped, PredictWhyNotRun, PredictWhyChecks, PredictWhyNoAnswer,
    PredictWhyBadIndex, PredictThisRun, PredictYours, PredictReady,
    // Speed for Python runs
    SpeedPythonFree, SpeedPythonDeterministic, SpeedPending,
    // The wait-for graph, the lanes' key moments and the legend (issue 9)
    DeadlockCycle, DeadlockNoneCanRun, ListSeparator, Nothing, WaitsForHeldBy, WaitsForObject,
    ArrowWaitsFor, ArrowHeldBy, ArrowAbandonedBy, ArrowJoins, WaitForGraph, WaitForGraphHelp, Abandoned,
    MoreCount, MarkOp, MarkOpFailed, MarkRaised, MarkBarrierTripped, MarkBarrierBroken, MarkMainReturned, MarkMainReturnedHelp, TurnsSoFar, MarkDone,
    MarkKilled, MarkFailed, LookJoining, LookIdle, LookJoiningHelp, LookIdleHelp, MarkNow, MarkNowHelp,
    // Presenter mode and the code pane's gutter (issue 9)
    Presenter, PresenterHelp, ToolbarMore, ToolbarMoreHelp, ViewMenu, ViewMenuHelp, ThreadKeyHelp,
    // The pool sweep plot (plot_view.hpp, issue 11)
    PoolSweep, PoolSweepHelp, PoolSweepX, PoolSweepY, PoolSweepTab,
    // Going back in time: the scrubber and its one-line events (scrubber_view, event_line; issue 9)
    ScrubEvent, ScrubLive, ScrubTime, ScrubTimeSeconds, ScrubStart, ScrubBack, ScrubForward, ScrubToLive, ScrubHelp,
    EvRunStart, EvRunEnd, EvRunStopped, EvThreadNew, EvObjNew, EvState, EvStateOn, EvPrint, EvUncaught,
    EvRaise, EvDeadlock, EvDeadlockHeld,
    // The Statistics tab (stats_view.hpp, issue 9)
    StatsTab, StatsWaits, StatsWaitsHelp, StatsWaitsCol, StatsTotalCol, StatsMeanCol, StatsLongestCol,
    StatsMaxWaitersCol, StatsFailuresCol, StatsWaitingNow, StatsNoWaits, StatsNoRun, StatsHistogram,
    StatsHistogramHelp, StatsWaitMs, StatsQueueDepth, StatsAlive, StatsFuturesRate, StatsOpsRate, StatsTimeMs,
    StatsTimeS,
    // Compare two runs (compare_view.hpp, issue 9)
    RunWord, KeepRun, KeepRunHelp, StopComparing, KeptRunTag, ThisRunTag, CompareTotals, CompareChecks, CompareHint,
    // Steps as the timeline's axis (step_log.hpp, issue 9)
    TurnWord, TurnsWord, AxisTime, AxisSteps, AxisHelp,
    Count_
};

// The label in the current language.
const char* tr(S key);
// The label in English (zh false) or Chinese, whatever the current language.
const char* tr_in(S key, bool zh);
// Sets the language of tr(): "en" or "zh".
void set_language(const std::string& lang);
const std::string& language();
bool chinese();

// A thread state's name in the current language ("running" / "运行").
const char* state_name(ThreadState s);
// A one-line meaning of the state, for the legend tooltip.
const char* state_help(ThreadState s);

// Every Chinese string of the tables (for the font's glyph ranges).
std::string all_chinese_labels();

}  // namespace tl::gui
