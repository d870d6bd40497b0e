#pragma once
// Inference and experiment threads run below the GUI thread, so a machine busy with other work
// takes its share from them and not from the window's event loop.
//
// On Linux the nice value belongs to a thread and threads inherit it from the thread that
// creates them: a worker that lowers itself at its start also lowers the chain threads and
// pools it starts. QThread::setPriority cannot do this on Linux, where the static priority of a
// SCHED_OTHER thread is always 0 and Qt's request is ignored.

namespace genrelab {

// How far below the GUI thread (the process's main thread) workers run, in nice steps: the GUI
// thread then outweighs each worker threefold (scheduler weights 1024 and 335). Not more: a
// run's share against other programs shrinks by the same factor, and at +10 (weight 110) runs
// in the app nearly stopped while a test suite or a build kept the cores busy.
inline constexpr int kWorkerNiceIncrement = 5;

// Sets the calling thread's nice value to the main thread's plus kWorkerNiceIncrement (at most
// 19). Never raises a thread's priority, so calling it twice, or from a pool thread lowered
// before, changes nothing. Returns whether the thread runs below the main thread afterwards.
bool lowerCurrentThreadPriority();

// The calling thread's nice value (Linux), or 0 where nice values are not per thread.
int currentThreadNiceValue();

// The main (GUI) thread's nice value (Linux), or 0 elsewhere.
int mainThreadNiceValue();

} // namespace genrelab
