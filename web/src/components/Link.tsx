import type { ComponentChildren } from "preact";
import { href, navigate } from "../router";

interface Props {
  to: string;
  children: ComponentChildren;
  class?: string;
  current?: boolean;
  label?: string;
}

/** An ordinary link (open in new tab works) that navigates in place on a plain click. */
export function Link({ to, children, class: className, current, label }: Props) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={onClick} class={className} aria-current={current ? "page" : undefined} aria-label={label}>
      {children}
    </a>
  );
}
