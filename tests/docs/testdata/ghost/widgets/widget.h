// A header whose example cites a function that was renamed: the check must
// refuse it.
//
//   Widget widget = MakeWidgetTheOldWay(42);

#ifndef WIDGETS_WIDGET_H_
#define WIDGETS_WIDGET_H_

struct Widget {};
Widget MakeWidget(int size);

#endif  // WIDGETS_WIDGET_H_
