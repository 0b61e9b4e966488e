import type { ComponentChildren } from "preact";
import { href, navigate } from "../router";

interface Props {
  to: string;
  children: ComponentChildren;
  current?: boolean;
}

/** An ordinary link (open in new tab works) that navigates in place on a plain click. */
export function Link({ to, children, current }: Props) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={onClick} aria-current={current ? "page" : undefined}>
      {children}
    </a>
  );
}
